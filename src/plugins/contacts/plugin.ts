// Contacts plugin declaration: AddressBook.sqlitedb in HomeDomain, from iOS 5 to current.
// Writes `contact` and `contact_value`; one search document per contact.
import { Contact, ContactValue } from '../../entities/Contact.js';
import { definePlugin } from '../../kernel/plugin.js';
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
});
