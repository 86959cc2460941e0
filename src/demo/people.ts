// The people of the demo phone: its owner and the address book everything else refers to (the same numbers, emails
// and WhatsApp ids appear in Messages, WhatsApp and Calendar), so a search for a person finds them across domains.

/** One person of the address book. */
export interface DemoPerson {
  first?: string;
  last?: string;
  nickname?: string;
  organization?: string;
  jobTitle?: string;
  /** Calendar date `YYYY-MM-DD`. */
  birthday?: string;
  /** E.164, as Messages stores a handle (`+12025550101`). */
  phone?: string;
  phoneLabel?: 'Mobile' | 'iPhone' | 'Work' | 'Home' | 'Main';
  email?: string;
  city?: string;
  /** An organization's card rather than a person's. */
  company?: boolean;
  note?: string;
}

/** The device owner (the messages they sent have no sender). */
export const OWNER = { name: 'Jordan Reyes', phone: '+12025550100', email: 'jordan.reyes@example.com' } as const;

/** The people referred to by the other domains, by key. */
export const PEOPLE = {
  maya: { first: 'Maya', last: 'Lindqvist', phone: '+12025550101', email: 'maya.lindqvist@example.com', birthday: '1991-05-14', city: 'Washington' },
  daniel: { first: 'Daniel', last: 'Okafor', phone: '+12025550102', email: 'dan.okafor@example.net', city: 'Washington' },
  priya: { first: 'Priya', last: 'Raman', organization: 'Northwind Studio', jobTitle: 'Product Designer', phone: '+12025550103', phoneLabel: 'Work', email: 'priya.raman@northwind.example' },
  lucas: { first: 'Lucas', last: 'Ferreira', phone: '+351912345671', email: 'lucas.ferreira@example.pt', city: 'Lisbon', note: 'Met at the Web Summit 2022. Knows every tasca in Alfama.' },
  sofia: { first: 'Sofia', last: 'Ferreira', phone: '+351932345672', city: 'Porto' },
  mom: { first: 'Elena', last: 'Reyes', nickname: 'Mom', phone: '+12025550106', phoneLabel: 'Home', birthday: '1962-09-03' },
  dad: { first: 'Carlos', last: 'Reyes', nickname: 'Dad', phone: '+12025550107' },
  dentist: { first: 'Hannah', last: 'Weiss', organization: 'Capitol Smiles Dental', jobTitle: 'Dentist', phone: '+12025550108', phoneLabel: 'Work', email: 'frontdesk@capitolsmiles.example' },
  aisha: { first: 'Aisha', last: 'Khan', organization: 'Northwind Studio', jobTitle: 'Engineering Manager', phone: '+12025550110', email: 'aisha.khan@northwind.example' },
  ben: { first: 'Ben', last: 'Carter', organization: 'Northwind Studio', jobTitle: 'Developer', email: 'ben.carter@northwind.example' },
  isabel: { first: 'Isabel', last: 'Costa', note: 'Apartment host in Alfama, Rua de São Miguel 12', phone: '+351962345673', email: 'isabel.costa@example.pt', city: 'Lisbon' },
  sam: { first: 'Sam', last: 'Patel', organization: 'Patel Plumbing', phone: '+12025550119', phoneLabel: 'Work' },
} as const satisfies Record<string, DemoPerson>;

/** Everyone else in the address book: the few dozen cards of a real phone, most never messaged. */
const OTHERS: readonly DemoPerson[] = [
  { first: 'Chloe', last: 'Martin', phone: '+12025550111', email: 'chloe.martin@example.com', note: 'Climbing partner, Tuesdays at Earth Treks' },
  { first: 'Mateo', last: 'Silva', phone: '+12025550112' },
  { first: 'Olivia', last: 'Brown', phone: '+12025550113', note: 'Neighbor, apartment 4B: has the spare key' },
  { first: 'Noah', last: 'Kim', phone: '+12025550114', email: 'noah.kim@example.org' },
  { first: 'Emma', last: 'Schultz', phone: '+4915112345670', email: 'emma.schultz@example.de', city: 'Berlin' },
  { first: 'Yuki', last: 'Tanaka', phone: '+819012345670', email: 'yuki.tanaka@example.jp', city: 'Tokyo' },
  { first: 'Grace', last: 'Liu', jobTitle: 'Yoga teacher', phone: '+12025550115', email: 'grace@lotusyoga.example' },
  { first: 'Ethan', last: 'Wright', phone: '+12025550116', note: 'Cousin' },
  { first: 'Zoe', last: 'Adams', phone: '+12025550117', email: 'zoe.adams@example.com' },
  { organization: 'Trattoria Rossi', company: true, phone: '+12025550120', phoneLabel: 'Main', note: 'Best cacio e pepe in Adams Morgan' },
  { first: 'Nora', last: 'Jensen', phone: '+4520123456', email: 'nora.jensen@example.dk', city: 'Copenhagen' },
  { first: 'Omar', last: 'Haddad', phone: '+12025550121', email: 'omar.haddad@example.com' },
  { first: 'Ruth', last: 'Greene', nickname: 'Grandma', phone: '+12025550122', phoneLabel: 'Home', birthday: '1938-06-21' },
  { first: 'Felix', last: 'Wagner', organization: 'Northwind Studio', jobTitle: 'Data Analyst', email: 'felix.wagner@northwind.example' },
  { first: 'Hana', last: 'Novak', phone: '+420601234567', city: 'Prague' },
  { first: 'Jack', last: 'Turner', organization: 'Capitol Fitness', jobTitle: 'Personal trainer', phone: '+12025550123' },
  { first: 'Lily', last: 'Evans', phone: '+12025550124', email: 'lily.evans@example.com' },
  { organization: 'Metro Cab', company: true, phone: '+12025550125', phoneLabel: 'Main' },
  { first: 'Ana', last: 'Moreno', phone: '+34612345670', email: 'ana.moreno@example.es', city: 'Madrid' },
  { first: 'Peter', last: 'Novak', phone: '+12025550126' },
  { first: 'Rachel', last: 'Cohen', email: 'rachel.cohen@example.org', birthday: '1990-11-02' },
  { first: 'Marcus', last: 'Johnson', organization: 'Northwind Studio', jobTitle: 'CEO', email: 'marcus@northwind.example' },
];

/** The address book: the owner's own card first, the people the other domains refer to, everyone else. */
export const ADDRESS_BOOK: readonly DemoPerson[] = [
  { first: 'Jordan', last: 'Reyes', phone: OWNER.phone, phoneLabel: 'iPhone', email: OWNER.email, note: 'My card' },
  ...Object.values(PEOPLE),
  ...OTHERS,
];

/** Country calling codes of the numbers above. */
const COUNTRY_CODES = ['1', '34', '45', '49', '81', '351', '420'];

/** `+12025550101` as a person types it: `+1 (202) 555-0101`; elsewhere the country code, then groups of three digits. */
export function displayPhone(e164: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (us) return `+1 (${us[1]}) ${us[2]}-${us[3]}`;
  const code = COUNTRY_CODES.find((candidate) => e164.startsWith(`+${candidate}`));
  if (code === undefined) return e164;
  return `+${code} ${e164.slice(code.length + 1).replace(/(\d{3})(?=\d)/g, '$1 ')}`;
}

/** A person's WhatsApp id: the phone number's digits at s.whatsapp.net. */
export function whatsappJid(person: { phone: string }): string {
  return `${person.phone.replace(/\D/g, '')}@s.whatsapp.net`;
}

/** `First Last`, as the address book and the calendar show a person. */
export function fullName(person: { first: string; last: string }): string {
  return `${person.first} ${person.last}`;
}
