// What the demo phone holds, domain by domain, as inputs of the plugins' own fixture builders: a week in Lisbon with
// friends planned over iMessage and WhatsApp, its photos, notes and calendar, around an ordinary spring at home.
// Every value is a literal (identifiers included), so each build writes the same rows.
import { builtInLabel, type AddressBookSpec, type MultiValueSpec, type PersonSpec } from '../plugins/contacts/testing/build-address-book.js';
import type { CalendarDbSpec, ParticipantSpec } from '../plugins/calendar/testing/build-calendar-db.js';
import type { SmsAttachmentSpec, SmsFixtureSpec, SmsMessageSpec } from '../plugins/messages/testing/build-sms-db.js';
import type { NotesDbSpec } from '../plugins/notes/testing/build-notes-db.js';
import type { AlbumSpec, AssetSpec } from '../plugins/photos/testing/build-photos-db.js';
import type { ChatSessionSpec, MessageSpec as WhatsAppMessageSpec } from '../plugins/whatsapp/testing/build-chat-storage.js';
import { COCOA_EPOCH_OFFSET_SECONDS } from '../kernel/time.js';
import { ADDRESS_BOOK, displayPhone, fullName, OWNER, PEOPLE, whatsappJid, type DemoPerson } from './people.js';

/** An instant written with its zone (`2024-05-16T18:35:00-04:00`). */
function at(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || !/(Z|[+-]\d{2}:\d{2})$/.test(iso)) throw new RangeError(`not an instant with a zone: ${iso}`);
  return date;
}

/** Cocoa seconds (since 2001-01-01 UTC) of an instant written with its zone. */
function cocoa(iso: string): number {
  return at(iso).getTime() / 1000 - COCOA_EPOCH_OFFSET_SECONDS;
}

/** A stable upper-case UUID for the demo's rows: `<group>` names the kind of row, `serial` the row. */
function demoUuid(group: number, serial: number): string {
  return `DE110000-${group.toString(16).toUpperCase().padStart(4, '0')}-4000-8000-${serial.toString(16).toUpperCase().padStart(12, '0')}`;
}

/** The device's facts, for the backup's plists. */
export const DEMO_DEVICE = {
  deviceName: "Jordan's iPhone",
  productType: 'iPhone15,2',
  productVersion: '17.5.1',
  buildVersion: '21F90',
  serialNumber: 'G0DEM0K3YQ7P',
  udid: '00008120-0016DE110000C0DE',
  imei: '356938035643817',
  phoneNumber: displayPhone(OWNER.phone),
  lastBackupAt: at('2024-06-02T21:14:00-04:00'),
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Contacts

function personCard(person: DemoPerson, index: number): PersonSpec {
  const values: MultiValueSpec[] = [];
  if (person.phone) values.push({ kind: 'phone', label: builtInLabel(person.phoneLabel ?? 'Mobile'), value: displayPhone(person.phone) });
  if (person.email) values.push({ kind: 'email', label: builtInLabel(person.organization && !person.company ? 'Work' : 'Home'), value: person.email });
  if (person.city) values.push({ kind: 'address', label: builtInLabel('Home'), entries: { City: person.city } });
  const created = at('2019-08-01T12:00:00Z').getTime() + index * 17 * 86_400_000;
  return {
    first: person.first ?? null,
    last: person.last ?? null,
    nickname: person.nickname ?? null,
    organization: person.organization ?? null,
    jobTitle: person.jobTitle ?? null,
    note: person.note ?? null,
    kind: person.company ? 'organization' : 'person',
    birthday: person.birthday ?? null,
    created: new Date(created),
    modified: new Date(created + 3 * 86_400_000),
    values,
  };
}

/** AddressBook.sqlitedb: the owner's card and a few dozen people and businesses. */
export const DEMO_CONTACTS: AddressBookSpec = { people: ADDRESS_BOOK.map(personCard) };

// ---------------------------------------------------------------------------------------------------------------
// Messages (sms.db)

const { maya, daniel, mom, dentist, sam, lucas, sofia, isabel, priya, aisha, ben } = PEOPLE;

const MAYA_CHAT = `iMessage;-;${maya.phone}`;
const CREW_CHAT = 'iMessage;+;chat512094187';
const MOM_CHAT = `iMessage;-;${mom.phone}`;
const DENTIST_CHAT = `SMS;-;${dentist.phone}`;
const PLUMBER_CHAT = `SMS;-;${sam.phone}`;

/** A picture sent in Messages: its attachment row; its file is in the backup at the same path. */
export const SMS_PHOTO: SmsAttachmentSpec & { filename: string } = {
  guid: 'AT-DE110000-0001',
  filename: '~/Library/SMS/Attachments/4c/12/AT-DE110000-0001/IMG_4471.HEIC',
  transferName: 'IMG_4471.HEIC',
  mimeType: 'image/heic',
  uti: 'public.heic',
  totalBytes: 1_843_200,
  createdAt: at('2024-05-18T20:41:00+01:00'),
  isOutgoing: true,
};

let smsSerial = 0;

/** One message of a chat: `from` a handle, or null for the owner. */
function sms(chat: string, from: string | null, sentAt: string, text: string, extra: Partial<SmsMessageSpec> = {}): SmsMessageSpec {
  smsSerial += 1;
  const service = chat.startsWith('SMS;') ? 'SMS' : 'iMessage';
  const sent = at(sentAt);
  return {
    guid: demoUuid(1, smsSerial),
    chats: [chat],
    from,
    text,
    service,
    sentAt: sent,
    deliveredAt: from === null ? new Date(sent.getTime() + 2_000) : null,
    readAt: from === null ? null : new Date(sent.getTime() + 95_000),
    ...extra,
  };
}

/** sms.db: a friend, a group planning the trip, family, and the texts businesses send. */
export const DEMO_MESSAGES: SmsFixtureSpec = {
  handles: [
    { id: maya.phone },
    { id: daniel.email },
    { id: mom.phone },
    { id: dentist.phone, service: 'SMS' },
    { id: sam.phone, service: 'SMS' },
  ],
  chats: [
    { guid: MAYA_CHAT, identifier: maya.phone, service: 'iMessage', members: [maya.phone] },
    { guid: CREW_CHAT, identifier: 'chat512094187', service: 'iMessage', members: [maya.phone, daniel.email], displayName: 'Lisbon crew 🇵🇹' },
    { guid: MOM_CHAT, identifier: mom.phone, service: 'iMessage', members: [mom.phone] },
    { guid: DENTIST_CHAT, identifier: dentist.phone, service: 'SMS', members: [dentist.phone] },
    { guid: PLUMBER_CHAT, identifier: sam.phone, service: 'SMS', members: [sam.phone] },
  ],
  messages: [
    sms(MAYA_CHAT, maya.phone, '2024-03-28T19:02:00-04:00', 'Okay I did it, I booked the flights to Lisbon!! May 16 to 22 ✈️'),
    sms(MAYA_CHAT, null, '2024-03-28T19:04:00-04:00', 'NO WAY. Same flight as me? TP 204 out of Dulles?'),
    sms(MAYA_CHAT, maya.phone, '2024-03-28T19:05:00-04:00', 'Same one. Window seat, row 23'),
    sms(MAYA_CHAT, null, '2024-03-28T19:07:00-04:00', 'I will ask Lucas where we should stay, he grew up in Alfama'),
    sms(MAYA_CHAT, maya.phone, '2024-04-09T12:30:00-04:00', 'Found an apartment near the Sé cathedral, host is called Isabel. 4 nights, split three ways?'),
    sms(MAYA_CHAT, null, '2024-04-09T12:41:00-04:00', 'Book it. I will send you my share tonight'),
    sms(MAYA_CHAT, maya.phone, '2024-05-13T21:15:00-04:00', 'Do I need a power adapter in Portugal?'),
    sms(MAYA_CHAT, null, '2024-05-13T21:16:00-04:00', 'Type F, the round two-pin ones. I have a spare, I will bring it'),
    sms(MAYA_CHAT, null, '2024-05-14T08:00:00-04:00', 'Happy birthday Maya!! 🎂 Dinner at Trattoria Rossi tonight is on me'),
    sms(MAYA_CHAT, maya.phone, '2024-05-14T08:20:00-04:00', 'You are the best. 7:30?'),
    sms(MAYA_CHAT, null, '2024-05-18T20:41:00+01:00', 'Sunset from the Miradouro da Senhora do Monte \uFFFC', { attachments: [SMS_PHOTO] }),
    sms(MAYA_CHAT, maya.phone, '2024-05-18T20:44:00+01:00', 'Unreal. Save me a pastel de nata'),
    sms(CREW_CHAT, maya.phone, '2024-04-02T18:00:00-04:00', 'Welcome to the Lisbon crew! Daniel is in too 🎉'),
    sms(CREW_CHAT, daniel.email, '2024-04-02T18:03:00-04:00', 'Wouldn’t miss it. Can we do a day trip to Sintra?'),
    sms(CREW_CHAT, null, '2024-04-02T18:06:00-04:00', 'Yes, Sunday the 19th. Lucas says take the early train from Rossio before the crowds'),
    sms(CREW_CHAT, daniel.email, '2024-04-20T10:10:00-04:00', 'Reminder: Pena Palace tickets are timed, I got us the 10:30 slot'),
    sms(CREW_CHAT, maya.phone, '2024-05-10T17:45:00-04:00', 'Packing question: is it warm enough for the beach at Cascais?'),
    sms(CREW_CHAT, null, '2024-05-10T17:50:00-04:00', 'About 22°C, the ocean is cold though. Bring a jacket for the evenings'),
    sms(CREW_CHAT, daniel.email, '2024-05-16T16:20:00-04:00', 'At the gate. Boarding starts at 6:05'),
    sms(CREW_CHAT, maya.phone, '2024-05-22T20:30:00-04:00', 'Home. Best week. Same time next year?'),
    sms(MOM_CHAT, mom.phone, '2024-04-26T09:12:00-04:00', 'Sunday lunch at ours? Dad is making his paella'),
    sms(MOM_CHAT, null, '2024-04-26T09:30:00-04:00', 'Yes! I will bring dessert'),
    sms(MOM_CHAT, mom.phone, '2024-05-16T15:00:00-04:00', 'Safe flight sweetheart. Text me when you land in Lisbon ❤️'),
    sms(MOM_CHAT, null, '2024-05-17T07:58:00+01:00', 'Landed! Taxi to the apartment now'),
    sms(MOM_CHAT, mom.phone, '2024-06-01T11:05:00-04:00', 'Don’t forget Grandma’s birthday on the 21st'),
    sms(DENTIST_CHAT, dentist.phone, '2024-04-23T10:00:00-04:00', 'Capitol Smiles Dental: reminder of your dentist appointment with Dr. Weiss on Wed Apr 24 at 9:00 AM. Reply C to confirm.'),
    sms(DENTIST_CHAT, null, '2024-04-23T10:04:00-04:00', 'C'),
    sms(DENTIST_CHAT, dentist.phone, '2024-04-23T10:04:30-04:00', 'Thank you, your appointment is confirmed.'),
    sms(PLUMBER_CHAT, null, '2024-04-15T08:12:00-04:00', 'Hi Sam, the kitchen sink is leaking again under the cabinet. Could you come this week?'),
    sms(PLUMBER_CHAT, sam.phone, '2024-04-15T08:40:00-04:00', 'Thursday 8am works. Invoice is $145, parts included'),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// WhatsApp (ChatStorage.sqlite)

/** A WhatsApp chat of the demo, with its messages (chat numbers are the order of `DEMO_WHATSAPP.chats`, from 1). */
export interface DemoWhatsAppChat {
  session: ChatSessionSpec;
  members?: ReadonlyArray<{ jid: string; name: string; admin?: boolean }>;
  /** `member`: 1-based index into `members` (the builder's ZGROUPMEMBER). */
  messages: ReadonlyArray<Omit<WhatsAppMessageSpec, 'chat' | 'member'> & { member?: number }>;
}

const LUCAS_JID = whatsappJid(lucas);
const SOFIA_JID = whatsappJid(sofia);
const ISABEL_JID = whatsappJid(isabel);
const SINTRA_GROUP = '120363041771029335@g.us';

/** Files the WhatsApp messages refer to (under `Message/` in the app group). */
export const WHATSAPP_MEDIA = {
  tram: `Media/${LUCAS_JID}/1/8/1f0a3c5e-tram28.jpg`,
  pena: `Media/${SINTRA_GROUP}/2/3/7b2e9d10-pena.jpg`,
} as const;

/** ChatStorage.sqlite: a friend in Lisbon, the apartment host, and a family group for the Sintra day. */
export const DEMO_WHATSAPP: readonly DemoWhatsAppChat[] = [
  {
    session: { jid: LUCAS_JID, partnerName: fullName(lucas), sessionType: 0 },
    messages: [
      { type: 0, date: cocoa('2024-03-29T20:10:00+00:00'), fromJid: LUCAS_JID, text: 'Jordan! Maya told me you are coming to Lisbon 🙌', stanzaId: '3A5D0E1B7C2F4A6B9001' },
      { type: 0, date: cocoa('2024-03-29T20:14:00+00:00'), fromMe: true, toJid: LUCAS_JID, text: 'Yes! May 16-22. Where should we stay?', stanzaId: '3EB0D3E11A2B3C4D9001' },
      { type: 0, date: cocoa('2024-03-29T20:20:00+00:00'), fromJid: LUCAS_JID, text: 'Alfama or Graça. Walkable, hilly, and the best tascas. Avoid the Baixa hotels', stanzaId: '3A5D0E1B7C2F4A6B9002' },
      {
        type: 7, date: cocoa('2024-04-11T18:02:00+01:00'), fromJid: LUCAS_JID, stanzaId: '3A5D0E1B7C2F4A6B9003',
        text: 'The pastéis de nata at Manteigaria beat Belém, fight me https://example.org/lisbon/manteigaria',
        media: { title: 'Manteigaria, Fábrica de Pastéis de Nata' },
      },
      {
        type: 5, date: cocoa('2024-05-17T19:30:00+01:00'), fromJid: LUCAS_JID, stanzaId: '3A5D0E1B7C2F4A6B9004',
        media: { title: 'Time Out Market Lisboa', latitude: 38.7069, longitude: -9.1459 },
      },
      { type: 0, date: cocoa('2024-05-17T19:31:00+01:00'), fromJid: LUCAS_JID, text: 'Dinner here at 8, I will grab a table near the ramen stand', stanzaId: '3A5D0E1B7C2F4A6B9005' },
      { type: 0, date: cocoa('2024-05-17T19:33:00+01:00'), fromMe: true, toJid: LUCAS_JID, text: 'Perfect, we are taking tram 28 down', stanzaId: '3EB0D3E11A2B3C4D9002' },
      {
        type: 1, date: cocoa('2024-05-17T19:52:00+01:00'), fromMe: true, toJid: LUCAS_JID, stanzaId: '3EB0D3E11A2B3C4D9003',
        media: { localPath: WHATSAPP_MEDIA.tram, title: 'Tram 28 squeezing through Alfama', fileSize: 412_316, vcardString: 'image/jpeg' },
      },
      { type: 0, date: cocoa('2024-05-21T23:05:00+01:00'), fromMe: true, toJid: LUCAS_JID, text: 'Obrigado for everything Lucas! Next time you visit DC, dinner is on me', stanzaId: '3EB0D3E11A2B3C4D9004' },
    ],
  },
  {
    session: { jid: ISABEL_JID, partnerName: fullName(isabel), sessionType: 0 },
    messages: [
      { type: 0, date: cocoa('2024-05-16T12:00:00+01:00'), fromJid: ISABEL_JID, text: 'Welcome! The key box code is 4-7-1-9, third floor, the door with the blue azulejos', stanzaId: '3A6E1F2C8D3A5B7C0001' },
      { type: 0, date: cocoa('2024-05-17T08:30:00+01:00'), fromMe: true, toJid: ISABEL_JID, text: 'We are in, thank you Isabel! The view of the river is amazing', stanzaId: '3EB0E4F22B3C4D5E0001' },
      { type: 0, date: cocoa('2024-05-22T09:15:00+01:00'), fromJid: ISABEL_JID, text: 'Boa viagem! Leave the keys on the kitchen table please', stanzaId: '3A6E1F2C8D3A5B7C0002' },
    ],
  },
  {
    session: { jid: SINTRA_GROUP, partnerName: 'Sintra day trip', sessionType: 1, group: { creationDate: cocoa('2024-05-12T10:00:00+01:00'), creatorJid: LUCAS_JID } },
    members: [
      { jid: LUCAS_JID, name: fullName(lucas), admin: true },
      { jid: SOFIA_JID, name: fullName(sofia) },
      { jid: whatsappJid(maya), name: fullName(maya) },
    ],
    messages: [
      { type: 6, date: cocoa('2024-05-12T10:00:00+01:00'), fromJid: SINTRA_GROUP, groupEventType: 12, stanzaId: 'SYS-DE110000-0001' },
      { type: 0, date: cocoa('2024-05-12T10:02:00+01:00'), fromJid: SINTRA_GROUP, member: 1, groupEventType: 2, text: 'Sofia is coming down from Porto for the day 🎉', stanzaId: '3A7F20000000000B0001' },
      { type: 0, date: cocoa('2024-05-12T10:05:00+01:00'), fromJid: SINTRA_GROUP, member: 2, groupEventType: 2, text: 'Train from Rossio at 8:41, meet under the clock', stanzaId: '3A7F20000000000B0002' },
      { type: 0, date: cocoa('2024-05-19T08:35:00+01:00'), fromMe: true, toJid: SINTRA_GROUP, text: 'Running 5 minutes late, save us seats!', stanzaId: '3EB0F5003C4D5E6F0001' },
      {
        type: 1, date: cocoa('2024-05-19T11:48:00+01:00'), fromJid: SINTRA_GROUP, member: 3, groupEventType: 2, stanzaId: '3A7F20000000000B0003',
        media: { localPath: WHATSAPP_MEDIA.pena, title: 'Pena Palace in the fog', fileSize: 388_004, vcardString: 'image/jpeg' },
      },
      { type: 0, date: cocoa('2024-05-19T13:20:00+01:00'), fromJid: SINTRA_GROUP, member: 1, groupEventType: 2, text: 'Lunch at Tascantiga, then the Quinta da Regaleira well', stanzaId: '3A7F20000000000B0004' },
      { type: 0, date: cocoa('2024-05-19T21:10:00+01:00'), fromJid: SINTRA_GROUP, member: 2, groupEventType: 2, text: 'What a day. Send me the photos from the well!', stanzaId: '3A7F20000000000B0005' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Photos (Photos.sqlite)

/** A photo of the library: where it was taken names its moment. */
export interface DemoPhoto extends AssetSpec {
  filename: string;
  place: keyof typeof PHOTO_PLACES;
  albums?: ReadonlyArray<keyof typeof PHOTO_ALBUMS>;
}

/** Moments (Photos' place names), with when they start. */
const PHOTO_PLACES = {
  washington: { title: 'Washington, District of Columbia', start: '2024-04-28T13:00:00-04:00' },
  lisbon: { title: 'Lisbon, Portugal', start: '2024-05-17T09:00:00+01:00' },
  sintra: { title: 'Sintra, Portugal', start: '2024-05-19T10:00:00+01:00' },
  cascais: { title: 'Cascais, Portugal', start: '2024-05-20T14:00:00+01:00' },
} as const;

/** User albums. */
const PHOTO_ALBUMS = {
  trip: { title: 'Lisbon 2024', created: '2024-05-23T10:00:00-04:00' },
  family: { title: 'Family', created: '2023-12-25T10:00:00-05:00' },
} as const satisfies Record<string, { title: string; created: string }>;

/** An asset taken at `taken` (an instant with its zone), added to the library half a minute later. */
function photo(serial: number, { taken, ...spec }: Omit<DemoPhoto, 'uuid' | 'created'> & { taken: string }): DemoPhoto {
  const created = cocoa(taken);
  return {
    uuid: demoUuid(3, serial),
    originalFilename: spec.filename,
    uti: spec.filename.endsWith('.MOV') ? 'com.apple.quicktime-movie' : 'public.heic',
    created,
    added: created + 30,
    modified: created + 60,
    ...spec,
  };
}

const LISBON = { timeZoneName: 'Europe/Lisbon', timeZoneOffset: 3600 } as const;
const EASTERN = { timeZoneName: 'America/New_York', timeZoneOffset: -14400 } as const;

/** The library: a Sunday lunch at home, then the trip. */
export const DEMO_PHOTOS: readonly DemoPhoto[] = [
  photo(1, { filename: 'IMG_4302.HEIC', place: 'washington', taken: '2024-04-28T13:40:00-04:00', ...EASTERN, latitude: 38.9296, longitude: -77.0325, title: 'Dad’s paella', caption: 'Sunday lunch at Mom and Dad’s', albums: ['family'] }),
  photo(2, { filename: 'IMG_4318.HEIC', place: 'washington', taken: '2024-05-14T20:05:00-04:00', ...EASTERN, latitude: 38.9219, longitude: -77.0425, title: 'Maya’s birthday cake', caption: 'Tiramisu with a candle at Trattoria Rossi', favorite: true }),
  photo(3, { kind: 'screenshot', filename: 'IMG_4330.PNG', uti: 'public.png', place: 'washington', taken: '2024-05-16T15:12:00-04:00', ...EASTERN, width: 1179, height: 2556, title: 'Boarding pass TP 204 IAD to LIS' }),
  photo(4, { filename: 'IMG_4347.HEIC', place: 'lisbon', taken: '2024-05-17T10:22:00+01:00', ...LISBON, latitude: 38.7114, longitude: -9.1300, title: 'Tram 28', caption: 'The yellow tram climbing to Alfama', albums: ['trip'], favorite: true }),
  photo(5, { filename: 'IMG_4351.HEIC', place: 'lisbon', taken: '2024-05-17T11:05:00+01:00', ...LISBON, latitude: 38.7098, longitude: -9.1331, title: 'Sé de Lisboa', albums: ['trip'] }),
  photo(6, { kind: 'video', filename: 'IMG_4360.MOV', place: 'lisbon', taken: '2024-05-17T20:31:00+01:00', ...LISBON, latitude: 38.7069, longitude: -9.1459, width: 1920, height: 1080, duration: 18.4, title: 'Time Out Market at night', albums: ['trip'] }),
  photo(7, { filename: 'IMG_4402.HEIC', place: 'lisbon', taken: '2024-05-18T09:40:00+01:00', ...LISBON, latitude: 38.6975, longitude: -9.2065, title: 'Pastéis de Belém', caption: 'Still warm, with cinnamon', albums: ['trip'] }),
  photo(8, { filename: 'IMG_4415.HEIC', place: 'lisbon', taken: '2024-05-18T12:15:00+01:00', ...LISBON, latitude: 38.6916, longitude: -9.2160, title: 'Belém Tower', albums: ['trip'] }),
  photo(9, { filename: 'IMG_4471.HEIC', place: 'lisbon', taken: '2024-05-18T20:39:00+01:00', ...LISBON, latitude: 38.7189, longitude: -9.1327, title: 'Sunset from Senhora do Monte', caption: 'The whole city turning pink', albums: ['trip'], favorite: true }),
  photo(10, { filename: 'IMG_4503.HEIC', place: 'sintra', taken: '2024-05-19T11:02:00+01:00', ...LISBON, latitude: 38.7876, longitude: -9.3906, title: 'Pena Palace', caption: 'Yellow and red towers above the fog', albums: ['trip'] }),
  photo(11, { filename: 'IMG_4519.HEIC', place: 'sintra', taken: '2024-05-19T15:30:00+01:00', ...LISBON, latitude: 38.7963, longitude: -9.3960, title: 'Initiation well, Quinta da Regaleira', albums: ['trip'] }),
  photo(12, { filename: 'IMG_4560.HEIC', place: 'cascais', taken: '2024-05-20T16:45:00+01:00', ...LISBON, latitude: 38.6979, longitude: -9.4215, title: 'Praia da Rainha', caption: 'Too cold to swim, perfect to sit', albums: ['trip'] }),
];

/** The albums, in writing order (Z_PKs follow it). */
export const DEMO_ALBUMS: ReadonlyArray<{ key: keyof typeof PHOTO_ALBUMS; spec: AlbumSpec }> = (Object.keys(PHOTO_ALBUMS) as Array<keyof typeof PHOTO_ALBUMS>).map(
  (key, index) => ({ key, spec: { title: PHOTO_ALBUMS[key].title, created: cocoa(PHOTO_ALBUMS[key].created), uuid: demoUuid(4, index + 1) } }),
);

/** The moments, in writing order. */
export const DEMO_MOMENTS: ReadonlyArray<{ key: keyof typeof PHOTO_PLACES; title: string; start: number; uuid: string }> = (
  Object.keys(PHOTO_PLACES) as Array<keyof typeof PHOTO_PLACES>
).map((key, index) => ({ key, title: PHOTO_PLACES[key].title, start: cocoa(PHOTO_PLACES[key].start), uuid: demoUuid(5, index + 1) }));

// ---------------------------------------------------------------------------------------------------------------
// Notes (NoteStore.sqlite)

/** NoteStore.sqlite: an iCloud account with a trip folder and a work folder, and a note on the phone. */
export const DEMO_NOTES: NotesDbSpec = {
  seed: 'ios-backup demo',
  accounts: [
    { key: 'icloud', name: 'iCloud', type: 'icloud', identifier: demoUuid(6, 1), created: cocoa('2019-08-01T12:00:00Z') },
    { key: 'local', name: 'On My iPhone', type: 'local', identifier: 'LocalAccount', created: cocoa('2019-08-01T12:00:00Z') },
  ],
  folders: [
    { key: 'notes', title: 'Notes', account: 'icloud', type: 'default' },
    { key: 'travel', title: 'Travel', account: 'icloud', identifier: demoUuid(6, 2) },
    { key: 'work', title: 'Northwind', account: 'icloud', identifier: demoUuid(6, 3) },
    { key: 'phone', title: 'Notes', account: 'local', type: 'default' },
  ],
  notes: [
    {
      folder: 'travel',
      identifier: demoUuid(7, 1),
      pinned: true,
      created: cocoa('2024-05-08T21:00:00-04:00'),
      modified: cocoa('2024-05-15T22:30:00-04:00'),
      content: [
        { text: 'Lisbon packing list' },
        { text: 'Passport', style: 'checklist', done: true },
        { text: 'Two type F power adapters (one for Maya)', style: 'checklist', done: true },
        { text: 'Sunscreen', style: 'checklist', done: true },
        { text: 'Light jacket for the evenings', style: 'checklist', done: true },
        { text: 'Comfortable shoes: the hills!', style: 'checklist', done: false },
        { text: 'Print the Pena Palace tickets', style: 'checklist', done: false },
      ],
    },
    {
      folder: 'travel',
      identifier: demoUuid(7, 2),
      created: cocoa('2024-03-30T10:00:00-04:00'),
      modified: cocoa('2024-05-12T18:00:00-04:00'),
      content: [
        { text: 'Lisbon: what Lucas recommends' },
        { text: 'Where to eat', style: 'heading' },
        {
          kind: 'table',
          identifier: demoUuid(8, 1),
          rows: [
            ['Place', 'Neighbourhood', 'Order'],
            ['Manteigaria', 'Chiado', 'pastel de nata'],
            ['Time Out Market', 'Cais do Sodré', 'everything'],
            ['Tasca do Chico', 'Bairro Alto', 'fado and petiscos'],
          ],
        },
        { text: 'Miradouros at sunset: Senhora do Monte, Graça, Santa Luzia', style: 'dotted' },
        { text: 'Day trip to Sintra: early train from Rossio', style: 'dotted' },
        { kind: 'url', url: 'https://example.org/lisbon/tram-28', title: 'Riding tram 28 without the queue', identifier: demoUuid(8, 2) },
        { kind: 'hashtag', tag: 'travel', identifier: demoUuid(8, 3) },
      ],
    },
    {
      folder: 'notes',
      identifier: demoUuid(7, 3),
      created: cocoa('2024-05-23T19:00:00-04:00'),
      modified: cocoa('2024-05-23T19:25:00-04:00'),
      content: [
        { text: 'Pastéis de nata (Lucas’s aunt’s recipe)' },
        { text: 'Makes 12. Oven as hot as it goes, 290°C.' },
        { text: 'Puff pastry, rolled tight into a log', style: 'numbered' },
        { text: 'Custard: 3 egg yolks, 250 ml milk, 100 g sugar, lemon peel, a cinnamon stick', style: 'numbered' },
        { text: 'Bake 9-10 minutes until the tops blister', style: 'numbered' },
        { text: 'Dust with cinnamon and powdered sugar. Eat warm.' },
      ],
    },
    {
      folder: 'work',
      identifier: demoUuid(7, 4),
      created: cocoa('2024-05-07T14:00:00-04:00'),
      modified: cocoa('2024-05-07T15:10:00-04:00'),
      content: [
        { text: 'Q2 planning review' },
        { text: `With ${fullName(priya)} and ${fullName(aisha)}. ${fullName(ben)} takes the notes.` },
        { text: 'Ship the onboarding redesign before the June release', style: 'checklist', done: false },
        { text: 'Hire a second designer', style: 'checklist', done: false },
        { text: 'Move the weekly standup to 9:30 while Priya is in Lisbon time', style: 'checklist', done: true },
      ],
    },
    {
      folder: 'phone',
      identifier: demoUuid(7, 5),
      created: cocoa('2024-04-02T08:00:00-04:00'),
      modified: cocoa('2024-06-01T11:10:00-04:00'),
      content: [
        { text: 'Gift ideas' },
        { text: 'Maya: a tile from the azulejo workshop in Alfama', style: 'dotted' },
        { text: 'Mom: Portuguese olive oil and a cookbook', style: 'dotted' },
        { text: 'Grandma (June 21): framed photo of the tram', style: 'dotted' },
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Calendar (Calendar.sqlitedb)

function attendee(person: { first: string; last: string; email?: string }, status = 1): ParticipantSpec {
  return { name: fullName(person), firstName: person.first, lastName: person.last, email: person.email ?? null, status };
}

const ME: ParticipantSpec = { name: OWNER.name, firstName: 'Jordan', lastName: 'Reyes', email: OWNER.email, status: 1, isSelf: true };

/** Calendar.sqlitedb: Home and Work calendars on iCloud, Birthdays, and the trip. */
export const DEMO_CALENDAR: CalendarDbSpec = {
  stores: [
    { name: 'Default', type: 0 },
    { name: 'iCloud', type: 2, externalId: 'https://p63-caldav.icloud.com/204815527/principal/' },
    { name: 'Other', type: 5 },
  ],
  calendars: [
    { title: 'Home', store: 1, color: '#1BADF8', uuid: demoUuid(9, 1) },
    { title: 'Work', store: 1, color: '#FF2968', uuid: demoUuid(9, 2) },
    { title: 'Birthdays', store: 2, color: '#8295AF', flags: 5, uuid: demoUuid(9, 3) },
    { title: 'Travel', store: 1, color: '#63DA38', uuid: demoUuid(9, 4) },
  ],
  events: [
    {
      summary: 'Weekly standup',
      description: 'Northwind product team: what shipped, what is blocked.',
      start: cocoa('2024-04-01T09:30:00-04:00'),
      end: cocoa('2024-04-01T09:45:00-04:00'),
      startTz: 'America/New_York',
      calendar: 1,
      organizer: attendee(aisha),
      attendees: [ME, attendee(priya), attendee(ben)],
      conferenceUrl: 'https://meet.example.com/northwind-standup',
      recurrence: { frequency: 2, endDate: cocoa('2024-12-31T23:59:59Z') },
      uuid: demoUuid(10, 1),
    },
    {
      summary: 'Dentist checkup',
      description: 'Cleaning and X-rays with Dr. Weiss.',
      start: cocoa('2024-04-24T09:00:00-04:00'),
      end: cocoa('2024-04-24T10:00:00-04:00'),
      startTz: 'America/New_York',
      calendar: 0,
      location: { title: 'Capitol Smiles Dental', address: '1200 Connecticut Ave NW, Washington, DC 20036', latitude: 38.9064, longitude: -77.0413 },
      uuid: demoUuid(10, 2),
    },
    {
      summary: 'Sunday lunch at Mom and Dad’s',
      start: cocoa('2024-04-28T13:00:00-04:00'),
      end: cocoa('2024-04-28T16:00:00-04:00'),
      startTz: 'America/New_York',
      calendar: 0,
      uuid: demoUuid(10, 3),
    },
    {
      summary: 'Q2 planning review',
      description: 'Roadmap for the June release.',
      start: cocoa('2024-05-07T14:00:00-04:00'),
      end: cocoa('2024-05-07T15:00:00-04:00'),
      startTz: 'America/New_York',
      calendar: 1,
      location: { title: 'Northwind Studio, room Potomac' },
      organizer: attendee(priya),
      attendees: [ME, attendee(aisha), attendee(ben, 3)],
      attachments: [{ filename: 'Q2-roadmap.pdf', size: 318_464, format: 'application/pdf', url: 'https://files.example.com/northwind/q2-roadmap.pdf' }],
      uuid: demoUuid(10, 4),
    },
    {
      summary: 'Maya’s birthday dinner',
      start: cocoa('2024-05-14T19:30:00-04:00'),
      end: cocoa('2024-05-14T22:00:00-04:00'),
      startTz: 'America/New_York',
      calendar: 0,
      location: { title: 'Trattoria Rossi', address: '2400 18th St NW, Washington, DC 20009' },
      attendees: [ME, attendee(maya)],
      uuid: demoUuid(10, 5),
    },
    {
      summary: 'Flight TP 204 Washington to Lisbon',
      description: 'Confirmation K7QX2M. Seat 23A. Maya 23B, Daniel 24C.',
      start: cocoa('2024-05-16T18:35:00-04:00'),
      end: cocoa('2024-05-17T07:05:00+01:00'),
      startTz: 'America/New_York',
      endTz: 'Europe/Lisbon',
      calendar: 3,
      location: { title: 'Washington Dulles International Airport (IAD)', latitude: 38.9531, longitude: -77.4565 },
      uuid: demoUuid(10, 6),
    },
    {
      summary: 'Apartment in Alfama',
      description: `Host: ${fullName(isabel)}. Check-in from 12:00, key box by the door.`,
      start: cocoa('2024-05-17T00:00:00Z'),
      end: cocoa('2024-05-21T00:00:00Z') + 86_399,
      startTz: '_float',
      allDay: true,
      calendar: 3,
      location: { title: 'Rua de São Miguel 12, Lisbon' },
      uuid: demoUuid(10, 7),
    },
    {
      summary: 'Dinner at Time Out Market with Lucas',
      start: cocoa('2024-05-17T20:00:00+01:00'),
      end: cocoa('2024-05-17T22:30:00+01:00'),
      startTz: 'Europe/Lisbon',
      calendar: 3,
      location: { title: 'Time Out Market Lisboa', address: 'Av. 24 de Julho 49, 1200-479 Lisbon', latitude: 38.7069, longitude: -9.1459 },
      attendees: [ME, attendee(lucas), attendee(maya), attendee(daniel)],
      uuid: demoUuid(10, 8),
    },
    {
      summary: 'Sintra day trip',
      description: 'Pena Palace tickets for 10:30. Train from Rossio 8:41.',
      start: cocoa('2024-05-19T00:00:00Z'),
      end: cocoa('2024-05-19T00:00:00Z') + 86_399,
      startTz: '_float',
      allDay: true,
      calendar: 3,
      location: { title: 'Sintra, Portugal', latitude: 38.7876, longitude: -9.3906 },
      uuid: demoUuid(10, 9),
    },
    {
      summary: 'Flight TP 203 Lisbon to Washington',
      description: 'Confirmation K7QX2M. Seat 23A.',
      start: cocoa('2024-05-22T11:40:00+01:00'),
      end: cocoa('2024-05-22T15:10:00-04:00'),
      startTz: 'Europe/Lisbon',
      endTz: 'America/New_York',
      calendar: 3,
      location: { title: 'Humberto Delgado Airport (LIS)', latitude: 38.7742, longitude: -9.1342 },
      uuid: demoUuid(10, 10),
    },
    {
      summary: 'Maya Lindqvist’s Birthday',
      start: cocoa('2024-05-14T00:00:00Z'),
      startTz: '_float',
      allDay: true,
      calendar: 2,
      availability: 1,
      recurrence: { frequency: 4, byMonthMonths: 1 << 4 },
      uuid: demoUuid(10, 11),
    },
    {
      summary: 'Grandma’s birthday lunch',
      start: cocoa('2024-06-21T12:30:00-04:00'),
      end: cocoa('2024-06-21T14:30:00-04:00'),
      startTz: 'America/New_York',
      calendar: 0,
      attendees: [ME, attendee({ first: 'Elena', last: 'Reyes' })],
      uuid: demoUuid(10, 12),
    },
  ],
};
