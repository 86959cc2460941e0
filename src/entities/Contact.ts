// Contacts domain tables: a person or organization from AddressBook.sqlitedb, and its multi-values
// (phones, emails, addresses, URLs, IMs, related names, social profiles) with normalized labels.
import { Entity, ManyToOne, Property } from './decorators.js';
import { DomainRow } from './DomainRow.js';

/** One ABPerson record. */
@Entity({ tableName: 'contact' })
export class Contact extends DomainRow {
  @Property({ type: 'text', nullable: true })
  displayName?: string | null;

  @Property({ type: 'text', nullable: true })
  prefix?: string | null;

  @Property({ type: 'text', nullable: true })
  firstName?: string | null;

  @Property({ type: 'text', nullable: true })
  middleName?: string | null;

  @Property({ type: 'text', nullable: true })
  lastName?: string | null;

  @Property({ type: 'text', nullable: true })
  suffix?: string | null;

  @Property({ type: 'text', nullable: true })
  nickname?: string | null;

  @Property({ type: 'text', nullable: true })
  organization?: string | null;

  @Property({ type: 'text', nullable: true })
  department?: string | null;

  @Property({ type: 'text', nullable: true })
  jobTitle?: string | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  /** `person` or `organization` (ABPerson.Kind 0 / 1). */
  @Property({ type: 'text' })
  kind!: string;

  /** Birthday as a calendar date (no time zone). */
  @Property({ type: 'date', columnType: 'date', nullable: true })
  birthday?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  createdAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  modifiedAt?: Date | null;
}

/** One ABMultiValue entry of a contact. */
@Entity({ tableName: 'contact_value' })
export class ContactValue extends DomainRow {
  /**
   * Owning contact; null for a multi-value whose record_id matches no ABPerson (kept, counted in a warning).
   * No index and no database constraint: see DomainRow on references between domain rows.
   */
  @ManyToOne(() => Contact, { fieldName: 'contact_id', nullable: true, createForeignKeyConstraint: false })
  contact?: Contact | null;

  /** phone, email, address, url, im, related_name, social_profile, date, or property-N for unknown properties. */
  @Property({ type: 'text' })
  kind!: string;

  /** Human label: `_$!<Mobile>!$_` becomes `mobile`; custom labels are kept as written. */
  @Property({ type: 'text', nullable: true })
  label?: string | null;

  /** The label exactly as stored. */
  @Property({ type: 'text', nullable: true })
  rawLabel?: string | null;

  /** The value as text (an address is its parts joined on one line). */
  @Property({ type: 'text', nullable: true })
  value?: string | null;

  /** Phone digits (with a leading +) or lower-cased email, for matching across artifacts. */
  @Property({ type: 'text', nullable: true })
  normalized?: string | null;

  /** Structured parts (address: street, city, ...; IM: service, username). */
  @Property({ type: 'json', nullable: true })
  parts?: Record<string, string> | null;
}
