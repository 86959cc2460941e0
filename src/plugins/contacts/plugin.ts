// Contacts plugin declaration: AddressBook.sqlitedb in HomeDomain, from iOS 5 to current.
// Writes `contact` and `contact_value`; one search document per contact.
import { Contact, ContactValue } from '../../entities/Contact.js';
import { definePlugin, sourceRowCount } from '../../kernel/plugin.js';
import { parseAddressBook } from './parse.js';
import { contactsSearch } from './search.js';

/** The contacts domain. */
export const contactsPlugin = definePlugin({
  id: 'contacts',
  title: 'Contacts',
  source: {
    fileNames: ['AddressBook.sqlitedb'],
    locations: [{ domain: 'HomeDomain', relativePath: 'Library/AddressBook/AddressBook.sqlitedb' }],
  },
  entities: [Contact, ContactValue],
  parse: parseAddressBook,
  search: contactsSearch,
  searchTypes: ['contact'],
  progress: { tables: ['contact'], expectedRows: (source) => sourceRowCount(source, 'ABPerson') },
  nouns: {
    contact: ['contact', 'contacts'],
    contact_value: ['phone number, e-mail, address or other detail', 'phone numbers, e-mails, addresses and other details'],
  },
});
