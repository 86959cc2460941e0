// Fixture builder for NoteStore.sqlite (Notes since iOS 9 / macOS 10.11) in three generations of the real Core Data
// model: `modern` (macOS 13/14, iOS 16+: the columns and entity numbers of a macOS 14 store), `ios11` (the iOS 11.2
// schema: ICNote = 8, account ZACCOUNT2, creation ZCREATIONDATE1, table documents in ZMERGEABLEDATA) and `ios10` (the
// iOS 10.3.3 schema: no ZFOLDER, notes in folders through the join table Z_11NOTES). Accounts, nested folders and
// the Recently Deleted folder, notes with gzip+protobuf bodies (lists, checklists, formatting, emoji, right-to-left
// text), URL, image and table attachments, hashtags, pinned, locked (password) and marked-for-deletion notes, notes
// without a body; a small known sample (SAMPLE_NOTES) or a bulk store written fast for benchmarks.
// The column lists are copies of the real ones (PRAGMA table_info of a macOS 14 store, the 11.2 and 10.3.3 dumps),
// carried here so the builder runs where the evidence folder is absent.
import { CORE_DATA_COLUMNS, CoreDataWriter, type ColumnList, type EntitySpec } from '../../../kernel/testing/coredata-writer.js';
import {
  ATTACHMENT_CHARACTER,
  SeededRandom,
  deriveKeyEncryptionKey,
  encodeNoteBody,
  encodeTable,
  encryptNoteBody,
  tableSummary,
  type NoteParagraph,
  type TableDirection,
} from './note-encoding.js';

/** Which model generation to write. */
export type NotesGeneration = 'modern' | 'ios11' | 'ios10';

// ---------------------------------------------------------------- real column lists

/** ZICCLOUDSTATE (the same in all three generations): one row per syncing object, pointed to by its ZCLOUDSTATE. */
const CLOUD_STATE_COLUMNS: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZCURRENTLOCALVERSION', 'INTEGER'], ['ZINCLOUD', 'INTEGER'], ['ZLATESTVERSIONSYNCEDTOCLOUD', 'INTEGER'],
  ['ZCLOUDSYNCINGOBJECT', 'INTEGER'], ['Z2_CLOUDSYNCINGOBJECT', 'INTEGER'], ['ZLOCALVERSIONDATE', 'TIMESTAMP'],
];
/** ZICCLOUDSYNCINGOBJECT of macOS 14 (203 columns): accounts, folders, notes, attachments, media, hashtags... */
const MODERN_OBJECT_COLUMNS: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZCRYPTOITERATIONCOUNT', 'INTEGER'], ['ZHASMISSINGKEYCHAINITEM', 'INTEGER'], ['ZISPASSWORDPROTECTED', 'INTEGER'],
  ['ZISSHAREDIRTY', 'INTEGER'], ['ZMARKEDFORDELETION', 'INTEGER'], ['ZMINIMUMSUPPORTEDNOTESVERSION', 'INTEGER'],
  ['ZNEEDSINITIALFETCHFROMCLOUD', 'INTEGER'], ['ZNEEDSTOBEFETCHEDFROMCLOUD', 'INTEGER'],
  ['ZNEEDSTOSAVEUSERSPECIFICRECORD', 'INTEGER'], ['ZCLOUDSTATE', 'INTEGER'], ['ZINVITATION', 'INTEGER'],
  ['ZLOCKEDNOTESMODE', 'INTEGER'], ['ZSUPPORTSV1NEO', 'INTEGER'], ['ZACCOUNT', 'INTEGER'],
  ['ZCHECKEDFORLOCATION', 'INTEGER'], ['ZFILESIZE', 'INTEGER'], ['ZHANDWRITINGSUMMARYVERSION', 'INTEGER'],
  ['ZHASMARKUPDATA', 'INTEGER'], ['ZIMAGECLASSIFICATIONSUMMARYVERSION', 'INTEGER'], ['ZIMAGEFILTERTYPE', 'INTEGER'],
  ['ZNEEDSINITIALRELATIONSHIPSETUP', 'INTEGER'], ['ZOCRSUMMARYVERSION', 'INTEGER'], ['ZORIENTATION', 'INTEGER'],
  ['ZSECTION', 'INTEGER'], ['ZURLEXPIRED', 'INTEGER'], ['ZACCOUNT1', 'INTEGER'], ['ZLOCATION', 'INTEGER'],
  ['ZMEDIA', 'INTEGER'], ['ZNOTE', 'INTEGER'], ['ZNOTEUSINGTITLEFORNOTETITLE', 'INTEGER'],
  ['ZPARENTATTACHMENT', 'INTEGER'], ['ZAPPEARANCETYPE', 'INTEGER'], ['ZSCALEWHENDRAWING', 'INTEGER'],
  ['ZVERSION', 'INTEGER'], ['ZVERSIONOUTOFDATE', 'INTEGER'], ['ZATTACHMENT', 'INTEGER'], ['ZSTATE', 'INTEGER'],
  ['ZACCOUNT2', 'INTEGER'], ['ZACCOUNT3', 'INTEGER'], ['ZMENTIONNOTIFICATIONATTEMPTCOUNT', 'INTEGER'],
  ['ZMENTIONNOTIFICATIONSTATE', 'INTEGER'], ['ZACCOUNT4', 'INTEGER'], ['ZNOTE1', 'INTEGER'],
  ['ZPARENTATTACHMENT1', 'INTEGER'], ['ZTYPE', 'INTEGER'], ['ZACCOUNT5', 'INTEGER'], ['ZACCOUNT6', 'INTEGER'],
  ['ZATTACHMENT1', 'INTEGER'], ['ZATTACHMENTVIEWTYPE', 'INTEGER'], ['ZHASCHECKLIST', 'INTEGER'],
  ['ZHASCHECKLISTINPROGRESS', 'INTEGER'], ['ZHASSYSTEMTEXTATTACHMENTS', 'INTEGER'], ['ZISPINNED', 'INTEGER'],
  ['ZISSYSTEMPAPER', 'INTEGER'], ['ZLEGACYNOTEWASPLAINTEXT', 'INTEGER'], ['ZNOTEHASCHANGES', 'INTEGER'],
  ['ZPAPERSTYLETYPE', 'INTEGER'], ['ZPREFERREDBACKGROUNDTYPE', 'INTEGER'], ['ZACCOUNT7', 'INTEGER'],
  ['ZFOLDER', 'INTEGER'], ['ZNOTEDATA', 'INTEGER'], ['ZTITLESOURCEATTACHMENT', 'INTEGER'],
  ['ZDATEHEADERSTYPE', 'INTEGER'], ['ZISHIDDENNOTECONTAINER', 'INTEGER'], ['ZSORTORDER', 'INTEGER'],
  ['ZOWNER', 'INTEGER'], ['ZACCOUNTTYPE', 'INTEGER'], ['ZDIDCHOOSETOMIGRATE', 'INTEGER'],
  ['ZDIDFINISHMIGRATION', 'INTEGER'], ['ZDIDMIGRATEONMAC', 'INTEGER'],
  ['ZSERVERSIDEUPDATETASKFAILURECOUNT', 'INTEGER'], ['ZSTOREDATASEPARATELY', 'INTEGER'], ['ZACCOUNTDATA', 'INTEGER'],
  ['ZCUSTOMNOTESORTTYPEVALUE', 'INTEGER'], ['ZFOLDERTYPE', 'INTEGER'], ['ZIMPORTEDFROMLEGACY', 'INTEGER'],
  ['ZACCOUNT8', 'INTEGER'], ['ZPARENT', 'INTEGER'], ['ZCREATIONDATE', 'TIMESTAMP'],
  ['ZCROPPINGQUADBOTTOMLEFTX', 'FLOAT'], ['ZCROPPINGQUADBOTTOMLEFTY', 'FLOAT'], ['ZCROPPINGQUADBOTTOMRIGHTX', 'FLOAT'],
  ['ZCROPPINGQUADBOTTOMRIGHTY', 'FLOAT'], ['ZCROPPINGQUADTOPLEFTX', 'FLOAT'], ['ZCROPPINGQUADTOPLEFTY', 'FLOAT'],
  ['ZCROPPINGQUADTOPRIGHTX', 'FLOAT'], ['ZCROPPINGQUADTOPRIGHTY', 'FLOAT'], ['ZDURATION', 'FLOAT'],
  ['ZMODIFICATIONDATE', 'TIMESTAMP'], ['ZORIGINX', 'FLOAT'], ['ZORIGINY', 'FLOAT'],
  ['ZPREVIEWUPDATEDATE', 'TIMESTAMP'], ['ZSIZEHEIGHT', 'FLOAT'], ['ZSIZEWIDTH', 'FLOAT'], ['ZHEIGHT', 'FLOAT'],
  ['ZMODIFIEDDATE', 'TIMESTAMP'], ['ZSCALE', 'FLOAT'], ['ZWIDTH', 'FLOAT'], ['ZSTATEMODIFICATIONDATE', 'TIMESTAMP'],
  ['ZCREATIONDATE1', 'TIMESTAMP'], ['ZCREATIONDATE2', 'TIMESTAMP'], ['ZMODIFICATIONDATEATIMPORT', 'TIMESTAMP'],
  ['ZCREATIONDATE3', 'TIMESTAMP'], ['ZFOLDERMODIFICATIONDATE', 'TIMESTAMP'],
  ['ZLASTACTIVITYRECENTUPDATESVIEWEDDATE', 'TIMESTAMP'], ['ZLASTACTIVITYSUMMARYVIEWEDDATE', 'TIMESTAMP'],
  ['ZLASTATTRIBUTIONSVIEWEDDATE', 'TIMESTAMP'], ['ZLASTNOTIFIEDDATE', 'TIMESTAMP'], ['ZLASTOPENEDDATE', 'TIMESTAMP'],
  ['ZLASTVIEWEDMODIFICATIONDATE', 'TIMESTAMP'], ['ZLEGACYMODIFICATIONDATEATIMPORT', 'TIMESTAMP'],
  ['ZMODIFICATIONDATE1', 'TIMESTAMP'], ['ZLASTSYNCDATE', 'TIMESTAMP'],
  ['ZCUSTOMNOTESORTTYPEMODIFICATIONDATE', 'TIMESTAMP'], ['ZDATEFORLASTTITLEMODIFICATION', 'TIMESTAMP'],
  ['ZPARENTMODIFICATIONDATE', 'TIMESTAMP'], ['ZIDENTIFIER', 'VARCHAR'], ['ZPASSWORDHINT', 'VARCHAR'],
  ['ZZONEOWNERNAME', 'VARCHAR'], ['ZADDITIONALINDEXABLETEXT', 'VARCHAR'], ['ZFALLBACKIMAGEGENERATION', 'VARCHAR'],
  ['ZFALLBACKPDFGENERATION', 'VARCHAR'], ['ZFALLBACKSUBTITLEIOS', 'VARCHAR'], ['ZFALLBACKSUBTITLEMAC', 'VARCHAR'],
  ['ZFALLBACKTITLE', 'VARCHAR'], ['ZHANDWRITINGSUMMARY', 'VARCHAR'], ['ZIMAGECLASSIFICATIONSUMMARY', 'VARCHAR'],
  ['ZOCRSUMMARY', 'VARCHAR'], ['ZPAPERBUNDLEGENERATION', 'VARCHAR'], ['ZREMOTEFILEURLSTRING', 'VARCHAR'],
  ['ZSUMMARY', 'VARCHAR'], ['ZTITLE', 'VARCHAR'], ['ZTYPEUTI', 'VARCHAR'], ['ZURLSTRING', 'VARCHAR'],
  ['ZUSERTITLE', 'VARCHAR'], ['ZGENERATION', 'VARCHAR'], ['ZDEVICEIDENTIFIER', 'VARCHAR'], ['ZDISPLAYTEXT', 'VARCHAR'],
  ['ZSTANDARDIZEDCONTENT', 'VARCHAR'], ['ZALTTEXT', 'VARCHAR'], ['ZTOKENCONTENTIDENTIFIER', 'VARCHAR'],
  ['ZTYPEUTI1', 'VARCHAR'], ['ZCONTENTHASHATIMPORT', 'VARCHAR'], ['ZFILENAME', 'VARCHAR'], ['ZGENERATION1', 'VARCHAR'],
  ['ZLEGACYCONTENTHASHATIMPORT', 'VARCHAR'], ['ZLEGACYIMPORTDEVICEIDENTIFIER', 'VARCHAR'],
  ['ZLEGACYMANAGEDOBJECTIDURIREPRESENTATION', 'VARCHAR'], ['ZSELECTEDINKCOLORSTRING', 'VARCHAR'],
  ['ZSELECTEDINKIDENTIFIER', 'VARCHAR'], ['ZSNIPPET', 'VARCHAR'], ['ZTHUMBNAILATTACHMENTIDENTIFIER', 'VARCHAR'],
  ['ZTITLE1', 'VARCHAR'], ['ZWIDGETSNIPPET', 'VARCHAR'], ['ZACCOUNTNAMEFORACCOUNTLISTSORTING', 'VARCHAR'],
  ['ZNESTEDTITLEFORSORTING', 'VARCHAR'], ['ZNAME', 'VARCHAR'], ['ZSERVERSIDEUPDATETASKLASTATTEMPTEDBUILD', 'VARCHAR'],
  ['ZSERVERSIDEUPDATETASKLASTATTEMPTEDVERSION', 'VARCHAR'], ['ZSERVERSIDEUPDATETASKLASTCOMPLETEDBUILD', 'VARCHAR'],
  ['ZSERVERSIDEUPDATETASKLASTCOMPLETEDVERSION', 'VARCHAR'], ['ZUSERRECORDNAME', 'VARCHAR'],
  ['ZSMARTFOLDERQUERYJSON', 'VARCHAR'], ['ZTITLE2', 'VARCHAR'], ['ZREPLICAIDTOBUNDLEIDENTIFIER', 'BLOB'],
  ['ZACTIVITYEVENTSDATA', 'BLOB'], ['ZASSETCRYPTOINITIALIZATIONVECTOR', 'BLOB'], ['ZASSETCRYPTOTAG', 'BLOB'],
  ['ZCRYPTOINITIALIZATIONVECTOR', 'BLOB'], ['ZCRYPTOSALT', 'BLOB'], ['ZCRYPTOTAG', 'BLOB'],
  ['ZCRYPTOWRAPPEDKEY', 'BLOB'], ['ZENCRYPTEDVALUESJSON', 'BLOB'], ['ZREPLICAIDTONOTESVERSIONDATA', 'BLOB'],
  ['ZSERVERRECORDDATA', 'BLOB'], ['ZSERVERSHAREDATA', 'BLOB'], ['ZUNAPPLIEDENCRYPTEDRECORD', 'BLOB'],
  ['ZUSERSPECIFICSERVERRECORDDATA', 'BLOB'], ['ZCRYPTOPASSPHRASEVERIFIER', 'BLOB'], ['ZMERGEABLEDATA', 'BLOB'],
  ['ZFALLBACKIMAGECRYPTOINITIALIZATIONVECTOR', 'BLOB'], ['ZFALLBACKIMAGECRYPTOTAG', 'BLOB'],
  ['ZFALLBACKPDFCRYPTOINITIALIZATIONVECTOR', 'BLOB'], ['ZFALLBACKPDFCRYPTOTAG', 'BLOB'],
  ['ZLINKPRESENTATIONARCHIVEDMETADATA', 'BLOB'], ['ZMARKUPMODELDATA', 'BLOB'], ['ZMERGEABLEDATA1', 'BLOB'],
  ['ZMERGEABLEPREFERREDVIEWSIZE', 'BLOB'], ['ZMETADATADATA', 'BLOB'], ['ZSYNAPSEDATA', 'BLOB'],
  ['ZCRYPTOMETADATAINITIALIZATIONVECTOR', 'BLOB'], ['ZCRYPTOMETADATATAG', 'BLOB'], ['ZENCRYPTEDMETADATA', 'BLOB'],
  ['ZMETADATA', 'BLOB'], ['ZLASTNOTIFIEDTIMESTAMPDATA', 'BLOB'], ['ZLASTVIEWEDTIMESTAMPDATA', 'BLOB'],
  ['ZREPLICAIDTOUSERIDDICTDATA', 'BLOB'], ['ZCRYPTOVERIFIER', 'BLOB'],
  ['ZSERVERSIDEUPDATETASKCONTINUATIONTOKEN', 'BLOB'], ['ZMERGEABLEDATA2', 'BLOB'],
];
/** Modern tables without rows here (kept for a faithful schema). */
const MODERN_ZICINVITATION: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZNOTECOUNT', 'INTEGER'], ['ZNOTECOUNTRECURSIVE', 'INTEGER'], ['ZSNIPPETATTACHMENTCOUNT', 'INTEGER'],
  ['ZSNIPPETATTACHMENTTYPE', 'INTEGER'], ['ZSUBFOLDERCOUNT', 'INTEGER'], ['ZSUBFOLDERCOUNTRECURSIVE', 'INTEGER'],
  ['ZACCOUNT', 'INTEGER'], ['ZROOTOBJECT', 'INTEGER'], ['Z2_ROOTOBJECT', 'INTEGER'], ['ZCREATIONDATE', 'TIMESTAMP'],
  ['ZMODIFICATIONDATE', 'TIMESTAMP'], ['ZRECEIVEDDATE', 'TIMESTAMP'], ['ZROOTOBJECTTYPE', 'VARCHAR'],
  ['ZSNIPPET', 'VARCHAR'], ['ZTITLE', 'VARCHAR'], ['ZSHAREURL', 'VARCHAR'], ['ZSERVERSHAREDATA', 'BLOB'],
  ['ZTHUMBNAILDATADARK', 'BLOB'], ['ZTHUMBNAILDATALIGHT', 'BLOB'],
];
/** ZICLOCATION of macOS 14 and iOS 11. */
const LOCATION_COLUMNS: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZPLACEUPDATED', 'INTEGER'], ['ZATTACHMENT', 'INTEGER'], ['ZLATITUDE', 'FLOAT'], ['ZLONGITUDE', 'FLOAT'],
  ['ZPLACEMARKDATA', 'BLOB'],
];
/** ZICNOTEDATA (all three generations): ZNOTE, the GCM IV and tag of a locked body, ZDATA. */
const NOTE_DATA_COLUMNS: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZNOTE', 'INTEGER'], ['ZCRYPTOINITIALIZATIONVECTOR', 'BLOB'], ['ZCRYPTOTAG', 'BLOB'], ['ZDATA', 'BLOB'],
];
const MODERN_ZICNOTEPARTICIPANT: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZNOTE', 'INTEGER'], ['ZPARTICIPANTID', 'VARCHAR'], ['ZUSERID', 'VARCHAR'],
];
/** ZICSERVERCHANGETOKEN of macOS 14 and iOS 11. */
const SERVER_CHANGE_TOKEN_COLUMNS: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZDATABASESCOPE', 'INTEGER'], ['ZACCOUNT', 'INTEGER'], ['ZOWNERNAME', 'VARCHAR'], ['ZZONENAME', 'VARCHAR'],
  ['ZCKSERVERCHANGETOKENDATA', 'BLOB'],
];
/** Persistent history tables (ACHANGE of macOS 14 and iOS 11; ATRANSACTION, ATRANSACTIONSTRING). */
const HISTORY_CHANGE_COLUMNS: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZCHANGETYPE', 'INTEGER'], ['ZENTITY', 'INTEGER'], ['ZENTITYPK', 'INTEGER'], ['ZTRANSACTIONID', 'INTEGER'],
  ['ZCOLUMNS', 'BLOB'],
];
const MODERN_ATRANSACTION: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZAUTHORTS', 'INTEGER'], ['ZBUNDLEIDTS', 'INTEGER'], ['ZCONTEXTNAMETS', 'INTEGER'], ['ZPROCESSIDTS', 'INTEGER'],
  ['ZTIMESTAMP', 'FLOAT'], ['ZAUTHOR', 'VARCHAR'], ['ZBUNDLEID', 'VARCHAR'], ['ZCONTEXTNAME', 'VARCHAR'],
  ['ZPROCESSID', 'VARCHAR'], ['ZQUERYGEN', 'BLOB'],
];
const MODERN_ATRANSACTIONSTRING: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZNAME', 'VARCHAR'],
];
/** ZICCLOUDSYNCINGOBJECT of iOS 11.2 (134 columns). */
const IOS11_OBJECT_COLUMNS: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZCRYPTOITERATIONCOUNT', 'INTEGER'], ['ZISPASSWORDPROTECTED', 'INTEGER'], ['ZMARKEDFORDELETION', 'INTEGER'],
  ['ZMINIMUMSUPPORTEDNOTESVERSION', 'INTEGER'], ['ZNEEDSINITIALFETCHFROMCLOUD', 'INTEGER'],
  ['ZNEEDSTOBEFETCHEDFROMCLOUD', 'INTEGER'], ['ZNEEDSTOSAVEUSERSPECIFICRECORD', 'INTEGER'], ['ZCLOUDSTATE', 'INTEGER'],
  ['ZCHECKEDFORLOCATION', 'INTEGER'], ['ZFILESIZE', 'INTEGER'], ['ZHASMARKUPDATA', 'INTEGER'],
  ['ZIMAGEFILTERTYPE', 'INTEGER'], ['ZORIENTATION', 'INTEGER'], ['ZSECTION', 'INTEGER'], ['ZLOCATION', 'INTEGER'],
  ['ZMEDIA', 'INTEGER'], ['ZNOTE', 'INTEGER'], ['ZNOTEUSINGTITLEFORNOTETITLE', 'INTEGER'],
  ['ZPARENTATTACHMENT', 'INTEGER'], ['ZSCALEWHENDRAWING', 'INTEGER'], ['ZVERSION', 'INTEGER'],
  ['ZVERSIONOUTOFDATE', 'INTEGER'], ['ZATTACHMENT', 'INTEGER'], ['ZSTATE', 'INTEGER'], ['ZACCOUNT', 'INTEGER'],
  ['ZTYPE', 'INTEGER'], ['ZACCOUNT1', 'INTEGER'], ['ZATTACHMENT1', 'INTEGER'], ['ZATTACHMENTVIEWTYPE', 'INTEGER'],
  ['ZISPINNED', 'INTEGER'], ['ZLEGACYNOTEWASPLAINTEXT', 'INTEGER'], ['ZNOTEHASCHANGES', 'INTEGER'],
  ['ZPAPERSTYLETYPE', 'INTEGER'], ['ZACCOUNT2', 'INTEGER'], ['ZFOLDER', 'INTEGER'], ['ZNOTEDATA', 'INTEGER'],
  ['ZTITLESOURCEATTACHMENT', 'INTEGER'], ['ZISHIDDENNOTECONTAINER', 'INTEGER'], ['ZSORTORDER', 'INTEGER'],
  ['ZOWNER', 'INTEGER'], ['ZACCOUNTTYPE', 'INTEGER'], ['ZDIDCHOOSETOMIGRATE', 'INTEGER'],
  ['ZDIDFINISHMIGRATION', 'INTEGER'], ['ZDIDMIGRATEONMAC', 'INTEGER'], ['ZFOLDERTYPE', 'INTEGER'],
  ['ZIMPORTEDFROMLEGACY', 'INTEGER'], ['ZACCOUNT3', 'INTEGER'], ['ZPARENT', 'INTEGER'], ['ZCREATIONDATE', 'TIMESTAMP'],
  ['ZCROPPINGQUADBOTTOMLEFTX', 'FLOAT'], ['ZCROPPINGQUADBOTTOMLEFTY', 'FLOAT'], ['ZCROPPINGQUADBOTTOMRIGHTX', 'FLOAT'],
  ['ZCROPPINGQUADBOTTOMRIGHTY', 'FLOAT'], ['ZCROPPINGQUADTOPLEFTX', 'FLOAT'], ['ZCROPPINGQUADTOPLEFTY', 'FLOAT'],
  ['ZCROPPINGQUADTOPRIGHTX', 'FLOAT'], ['ZCROPPINGQUADTOPRIGHTY', 'FLOAT'], ['ZDURATION', 'FLOAT'],
  ['ZMODIFICATIONDATE', 'TIMESTAMP'], ['ZORIGINX', 'FLOAT'], ['ZORIGINY', 'FLOAT'],
  ['ZPREVIEWUPDATEDATE', 'TIMESTAMP'], ['ZSIZEHEIGHT', 'FLOAT'], ['ZSIZEWIDTH', 'FLOAT'], ['ZHEIGHT', 'FLOAT'],
  ['ZMODIFIEDDATE', 'TIMESTAMP'], ['ZSCALE', 'FLOAT'], ['ZWIDTH', 'FLOAT'], ['ZSTATEMODIFICATIONDATE', 'TIMESTAMP'],
  ['ZMODIFICATIONDATEATIMPORT', 'TIMESTAMP'], ['ZCREATIONDATE1', 'TIMESTAMP'],
  ['ZFOLDERMODIFICATIONDATE', 'TIMESTAMP'], ['ZLASTNOTIFIEDDATE', 'TIMESTAMP'],
  ['ZLASTVIEWEDMODIFICATIONDATE', 'TIMESTAMP'], ['ZLEGACYMODIFICATIONDATEATIMPORT', 'TIMESTAMP'],
  ['ZMODIFICATIONDATE1', 'TIMESTAMP'], ['ZDATEFORLASTTITLEMODIFICATION', 'TIMESTAMP'],
  ['ZPARENTMODIFICATIONDATE', 'TIMESTAMP'], ['ZIDENTIFIER', 'VARCHAR UNIQUE'], ['ZPASSWORDHINT', 'VARCHAR'],
  ['ZZONEOWNERNAME', 'VARCHAR'], ['ZADDITIONALINDEXABLETEXT', 'VARCHAR'], ['ZFALLBACKSUBTITLEIOS', 'VARCHAR'],
  ['ZFALLBACKSUBTITLEMAC', 'VARCHAR'], ['ZFALLBACKTITLE', 'VARCHAR'], ['ZREMOTEFILEURLSTRING', 'VARCHAR'],
  ['ZSUMMARY', 'VARCHAR'], ['ZTITLE', 'VARCHAR'], ['ZTYPEUTI', 'VARCHAR'], ['ZURLSTRING', 'VARCHAR'],
  ['ZUSERTITLE', 'VARCHAR'], ['ZDEVICEIDENTIFIER', 'VARCHAR'], ['ZCONTENTHASHATIMPORT', 'VARCHAR'],
  ['ZFILENAME', 'VARCHAR'], ['ZLEGACYCONTENTHASHATIMPORT', 'VARCHAR'], ['ZLEGACYIMPORTDEVICEIDENTIFIER', 'VARCHAR'],
  ['ZLEGACYMANAGEDOBJECTIDURIREPRESENTATION', 'VARCHAR'], ['ZSELECTEDINKCOLORSTRING', 'VARCHAR'],
  ['ZSELECTEDINKIDENTIFIER', 'VARCHAR'], ['ZSNIPPET', 'VARCHAR'], ['ZTHUMBNAILATTACHMENTIDENTIFIER', 'VARCHAR'],
  ['ZTITLE1', 'VARCHAR'], ['ZACCOUNTNAMEFORACCOUNTLISTSORTING', 'VARCHAR'], ['ZNESTEDTITLEFORSORTING', 'VARCHAR'],
  ['ZNAME', 'VARCHAR'], ['ZUSERRECORDNAME', 'VARCHAR'], ['ZTITLE2', 'VARCHAR'],
  ['ZASSETCRYPTOINITIALIZATIONVECTOR', 'BLOB'], ['ZASSETCRYPTOTAG', 'BLOB'], ['ZCRYPTOINITIALIZATIONVECTOR', 'BLOB'],
  ['ZCRYPTOSALT', 'BLOB'], ['ZCRYPTOTAG', 'BLOB'], ['ZCRYPTOWRAPPEDKEY', 'BLOB'], ['ZENCRYPTEDVALUESJSON', 'BLOB'],
  ['ZSERVERRECORDDATA', 'BLOB'], ['ZSERVERSHAREDATA', 'BLOB'], ['ZUNAPPLIEDENCRYPTEDRECORD', 'BLOB'],
  ['ZUSERSPECIFICSERVERRECORDDATA', 'BLOB'], ['ZFALLBACKIMAGECRYPTOINITIALIZATIONVECTOR', 'BLOB'],
  ['ZFALLBACKIMAGECRYPTOTAG', 'BLOB'], ['ZMARKUPMODELDATA', 'BLOB'], ['ZMERGEABLEDATA', 'BLOB'],
  ['ZMETADATADATA', 'BLOB'], ['ZCRYPTOMETADATAINITIALIZATIONVECTOR', 'BLOB'], ['ZCRYPTOMETADATATAG', 'BLOB'],
  ['ZENCRYPTEDMETADATA', 'BLOB'], ['ZMETADATA', 'BLOB'], ['ZLASTNOTIFIEDTIMESTAMPDATA', 'BLOB'],
  ['ZLASTVIEWEDTIMESTAMPDATA', 'BLOB'], ['ZREPLICAIDTOUSERIDDICTDATA', 'BLOB'], ['ZCRYPTOVERIFIER', 'BLOB'],
];
/** Tables of iOS 10 and 11 only. */
const SEARCH_INDEX_TRANSACTION_COLUMNS: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZLASTTRANSACTIONID', 'INTEGER'], ['ZIDENTIFIER', 'VARCHAR'],
];
const NEXT_ID_COLUMNS: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZCOUNTER', 'INTEGER'],
];
const IOS11_ATRANSACTION: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZTIMESTAMP', 'FLOAT'], ['ZAUTHOR', 'VARCHAR'], ['ZBUNDLEID', 'VARCHAR'], ['ZCONTEXTNAME', 'VARCHAR'],
  ['ZPROCESSID', 'VARCHAR'], ['ZQUERYGEN', 'BLOB'],
];
/** ZICCLOUDSYNCINGOBJECT of iOS 10.3.3 (119 columns, no ZFOLDER: notes are in folders through Z_11NOTES). */
const IOS10_OBJECT_COLUMNS: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZCRYPTOITERATIONCOUNT', 'INTEGER'], ['ZISPASSWORDPROTECTED', 'INTEGER'], ['ZMARKEDFORDELETION', 'INTEGER'],
  ['ZMINIMUMSUPPORTEDNOTESVERSION', 'INTEGER'], ['ZNEEDSINITIALFETCHFROMCLOUD', 'INTEGER'],
  ['ZNEEDSTOBEFETCHEDFROMCLOUD', 'INTEGER'], ['ZNEEDSTOSAVEUSERSPECIFICRECORD', 'INTEGER'], ['ZCLOUDSTATE', 'INTEGER'],
  ['ZCHECKEDFORLOCATION', 'INTEGER'], ['ZFILESIZE', 'INTEGER'], ['ZHASMARKUPDATA', 'INTEGER'],
  ['ZIMAGEFILTERTYPE', 'INTEGER'], ['ZORIENTATION', 'INTEGER'], ['ZSECTION', 'INTEGER'], ['ZLOCATION', 'INTEGER'],
  ['ZMEDIA', 'INTEGER'], ['ZNOTE', 'INTEGER'], ['ZPARENTATTACHMENT', 'INTEGER'], ['ZSCALEWHENDRAWING', 'INTEGER'],
  ['ZVERSION', 'INTEGER'], ['ZVERSIONOUTOFDATE', 'INTEGER'], ['ZATTACHMENT', 'INTEGER'], ['ZSTATE', 'INTEGER'],
  ['ZACCOUNT', 'INTEGER'], ['ZTYPE', 'INTEGER'], ['ZACCOUNT1', 'INTEGER'], ['ZATTACHMENT1', 'INTEGER'],
  ['ZATTACHMENTVIEWTYPE', 'INTEGER'], ['ZINTEGERID', 'INTEGER'], ['ZLEGACYNOTEINTEGERID', 'INTEGER'],
  ['ZLEGACYNOTEWASPLAINTEXT', 'INTEGER'], ['ZNOTEHASCHANGES', 'INTEGER'], ['ZACCOUNT2', 'INTEGER'],
  ['ZNOTEDATA', 'INTEGER'], ['ZISHIDDENNOTECONTAINER', 'INTEGER'], ['ZSORTORDER', 'INTEGER'], ['ZOWNER', 'INTEGER'],
  ['ZACCOUNTTYPE', 'INTEGER'], ['ZDIDCHOOSETOMIGRATE', 'INTEGER'], ['ZDIDFINISHMIGRATION', 'INTEGER'],
  ['ZDIDMIGRATEONMAC', 'INTEGER'], ['ZFOLDERTYPE', 'INTEGER'], ['ZIMPORTEDFROMLEGACY', 'INTEGER'],
  ['ZACCOUNT3', 'INTEGER'], ['ZPARENT', 'INTEGER'], ['ZCREATIONDATE', 'TIMESTAMP'],
  ['ZCROPPINGQUADBOTTOMLEFTX', 'FLOAT'], ['ZCROPPINGQUADBOTTOMLEFTY', 'FLOAT'], ['ZCROPPINGQUADBOTTOMRIGHTX', 'FLOAT'],
  ['ZCROPPINGQUADBOTTOMRIGHTY', 'FLOAT'], ['ZCROPPINGQUADTOPLEFTX', 'FLOAT'], ['ZCROPPINGQUADTOPLEFTY', 'FLOAT'],
  ['ZCROPPINGQUADTOPRIGHTX', 'FLOAT'], ['ZCROPPINGQUADTOPRIGHTY', 'FLOAT'], ['ZDURATION', 'FLOAT'],
  ['ZMODIFICATIONDATE', 'TIMESTAMP'], ['ZORIGINX', 'FLOAT'], ['ZORIGINY', 'FLOAT'],
  ['ZPREVIEWUPDATEDATE', 'TIMESTAMP'], ['ZSIZEHEIGHT', 'FLOAT'], ['ZSIZEWIDTH', 'FLOAT'], ['ZHEIGHT', 'FLOAT'],
  ['ZMODIFIEDDATE', 'TIMESTAMP'], ['ZSCALE', 'FLOAT'], ['ZWIDTH', 'FLOAT'], ['ZSTATEMODIFICATIONDATE', 'TIMESTAMP'],
  ['ZMODIFICATIONDATEATIMPORT', 'TIMESTAMP'], ['ZCREATIONDATE1', 'TIMESTAMP'],
  ['ZFOLDERSMODIFICATIONDATE', 'TIMESTAMP'], ['ZLASTVIEWEDMODIFICATIONDATE', 'TIMESTAMP'],
  ['ZLEGACYMODIFICATIONDATEATIMPORT', 'TIMESTAMP'], ['ZMODIFICATIONDATE1', 'TIMESTAMP'],
  ['ZDATEFORLASTTITLEMODIFICATION', 'TIMESTAMP'], ['ZPARENTMODIFICATIONDATE', 'TIMESTAMP'],
  ['ZIDENTIFIER', 'VARCHAR UNIQUE'], ['ZPASSWORDHINT', 'VARCHAR'], ['ZZONEOWNERNAME', 'VARCHAR'],
  ['ZSUMMARY', 'VARCHAR'], ['ZTITLE', 'VARCHAR'], ['ZTYPEUTI', 'VARCHAR'], ['ZURLSTRING', 'VARCHAR'],
  ['ZDEVICEIDENTIFIER', 'VARCHAR'], ['ZCONTENTHASHATIMPORT', 'VARCHAR'], ['ZFILENAME', 'VARCHAR'],
  ['ZLEGACYCONTENTHASHATIMPORT', 'VARCHAR'], ['ZLEGACYIMPORTDEVICEIDENTIFIER', 'VARCHAR'],
  ['ZLEGACYMANAGEDOBJECTIDURIREPRESENTATION', 'VARCHAR'], ['ZSNIPPET', 'VARCHAR'],
  ['ZTHUMBNAILATTACHMENTIDENTIFIER', 'VARCHAR'], ['ZTITLE1', 'VARCHAR'],
  ['ZACCOUNTNAMEFORACCOUNTLISTSORTING', 'VARCHAR'], ['ZNESTEDTITLEFORSORTING', 'VARCHAR'], ['ZNAME', 'VARCHAR'],
  ['ZUSERRECORDNAME', 'VARCHAR'], ['ZTITLE2', 'VARCHAR'], ['ZSERVERRECORD', 'BLOB'], ['ZSERVERSHARE', 'BLOB'],
  ['ZUSERSPECIFICSERVERRECORD', 'BLOB'], ['ZREMOTEFILEURL', 'BLOB'], ['ZASSETCRYPTOINITIALIZATIONVECTOR', 'BLOB'],
  ['ZASSETCRYPTOTAG', 'BLOB'], ['ZCRYPTOINITIALIZATIONVECTOR', 'BLOB'], ['ZCRYPTOSALT', 'BLOB'],
  ['ZCRYPTOTAG', 'BLOB'], ['ZCRYPTOWRAPPEDKEY', 'BLOB'], ['ZENCRYPTEDVALUESJSON', 'BLOB'],
  ['ZUNAPPLIEDENCRYPTEDRECORD', 'BLOB'], ['ZFALLBACKIMAGECRYPTOINITIALIZATIONVECTOR', 'BLOB'],
  ['ZFALLBACKIMAGECRYPTOTAG', 'BLOB'], ['ZMARKUPMODELDATA', 'BLOB'], ['ZMERGEABLEDATA', 'BLOB'],
  ['ZCRYPTOMETADATAINITIALIZATIONVECTOR', 'BLOB'], ['ZCRYPTOMETADATATAG', 'BLOB'], ['ZENCRYPTEDMETADATA', 'BLOB'],
  ['ZMETADATA', 'BLOB'], ['ZCRYPTOVERIFIER', 'BLOB'],
];
/** iOS 10 folder-note join table (ICFolder 11, ICNote 8), and tables that changed since. */
const IOS10_Z_11NOTES: ColumnList = [
  ['Z_11FOLDERS', 'INTEGER'], ['Z_8NOTES', 'INTEGER'],
];
const IOS10_ZICLOCATION: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZPLACEUPDATED', 'INTEGER'], ['ZATTACHMENT', 'INTEGER'], ['ZLATITUDE', 'FLOAT'], ['ZLONGITUDE', 'FLOAT'],
  ['ZPLACEMARK', 'BLOB'],
];
const IOS10_ZICNOTECHANGE: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZCHANGETYPE', 'INTEGER'], ['ZFOLDER', 'INTEGER'], ['ZLEGACYNOTEINTEGERIDS', 'BLOB'], ['ZNOTEIDENTIFIERS', 'BLOB'],
];
const IOS10_ZICSERVERCHANGETOKEN: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZDATABASESCOPE', 'INTEGER'], ['ZACCOUNT', 'INTEGER'], ['ZOWNERNAME', 'VARCHAR'], ['ZZONENAME', 'VARCHAR'],
  ['ZCKSERVERCHANGETOKEN', 'BLOB'],
];

// ---------------------------------------------------------------- generations

const OBJECTS = 'ZICCLOUDSYNCINGOBJECT';
const NOTE_DATA = 'ZICNOTEDATA';
const CLOUD_STATE = 'ZICCLOUDSTATE';

/** Which columns hold what in a generation: the drifting names of relationships and dates. */
export interface NotesColumnNames {
  /** ICNote -> its account. */
  noteAccount: string;
  noteCreated: string;
  noteModified: string;
  /** ICNote -> its folder (ZFOLDER); null when folders hold their notes through `folderJoin`. */
  noteFolder: string | null;
  /** ICFolder -> its account (besides ZOWNER, the ICNoteContainer owner every folder and account has). */
  folderAccount: string;
  /** ICAttachment -> account; null when attachments have none. */
  attachmentAccount: string | null;
  /** ICMedia -> account; null when media have none. */
  mediaAccount: string | null;
  /** The table attachment's CRDT document. */
  mergeableData: string;
  /** ICHashtag columns; null before hashtags (iOS 15). */
  hashtag: { account: string; created: string } | null;
  /** ICInlineAttachment columns; null before inline attachments (iOS 15). */
  inlineAttachment: { account: string; note: string; created: string } | null;
}

/** What a generation looks like to a reader: its column names, entity numbers and folder-note join table. */
export interface NotesGenerationInfo {
  columns: NotesColumnNames;
  /** Z_ENT of the rows written (null: the entity does not exist in this generation). */
  entities: {
    cloudState: number;
    account: number;
    accountData: number | null;
    folder: number;
    note: number;
    attachment: number;
    media: number;
    hashtag: number | null;
    inlineAttachment: number | null;
    noteData: number;
  };
  folderJoin: { table: string; folderColumn: string; noteColumn: string } | null;
}

interface Generation extends NotesGenerationInfo {
  tables: Readonly<Record<string, ColumnList>>;
  entityList: readonly EntitySpec[];
  constraints?: Readonly<Record<string, string>>;
  /** `<TABLE>_<COLUMN>_INDEX` indexes, by table. */
  indexes: Readonly<Record<string, readonly string[]>>;
  /** Indexes of other names, as SQL. */
  extraIndexes: readonly string[];
}

/** Entities stored in ZICCLOUDSYNCINGOBJECT, as [number, name, parent]. */
function objectEntities(list: ReadonlyArray<readonly [number, string, number]>): EntitySpec[] {
  return list.map(([ent, name, parent]) => ({ ent, name, parent, table: OBJECTS }));
}

const MODERN: Generation = {
  columns: {
    noteAccount: 'ZACCOUNT7',
    noteCreated: 'ZCREATIONDATE3',
    noteModified: 'ZMODIFICATIONDATE1',
    noteFolder: 'ZFOLDER',
    folderAccount: 'ZACCOUNT8',
    attachmentAccount: 'ZACCOUNT1',
    mediaAccount: 'ZACCOUNT6',
    mergeableData: 'ZMERGEABLEDATA1',
    hashtag: { account: 'ZACCOUNT3', created: 'ZCREATIONDATE1' },
    inlineAttachment: { account: 'ZACCOUNT4', note: 'ZNOTE1', created: 'ZCREATIONDATE2' },
  },
  entities: { cloudState: 1, account: 13, accountData: 3, folder: 14, note: 11, attachment: 4, media: 10, hashtag: 7, inlineAttachment: 8, noteData: 18 },
  folderJoin: null,
  tables: {
    ZICCLOUDSTATE: CLOUD_STATE_COLUMNS,
    ZICCLOUDSYNCINGOBJECT: MODERN_OBJECT_COLUMNS,
    ZICINVITATION: MODERN_ZICINVITATION,
    ZICLOCATION: LOCATION_COLUMNS,
    ZICNOTEDATA: NOTE_DATA_COLUMNS,
    ZICNOTEPARTICIPANT: MODERN_ZICNOTEPARTICIPANT,
    ZICSERVERCHANGETOKEN: SERVER_CHANGE_TOKEN_COLUMNS,
    ACHANGE: HISTORY_CHANGE_COLUMNS,
    ATRANSACTION: MODERN_ATRANSACTION,
    ATRANSACTIONSTRING: MODERN_ATRANSACTIONSTRING,
  },
  entityList: [
    { ent: 1, name: 'ICCloudState', table: CLOUD_STATE },
    { ent: 2, name: 'ICCloudSyncingObject', table: OBJECTS },
    ...objectEntities([
      [3, 'ICAccountData', 2], [4, 'ICAttachment', 2], [5, 'ICAttachmentPreviewImage', 2], [6, 'ICDeviceMigrationState', 2],
      [7, 'ICHashtag', 2], [8, 'ICInlineAttachment', 2], [9, 'ICLegacyTombstone', 2], [10, 'ICMedia', 2], [11, 'ICNote', 2],
      [12, 'ICNoteContainer', 2], [13, 'ICAccount', 12], [14, 'ICFolder', 12],
    ]),
    { ent: 15, name: 'ICInvitation', table: 'ZICINVITATION' },
    { ent: 16, name: 'ICLocation', table: 'ZICLOCATION' },
    { ent: 17, name: 'ICAttachmentLocation', parent: 16, table: 'ZICLOCATION' },
    { ent: 18, name: 'ICNoteData', table: NOTE_DATA },
    { ent: 19, name: 'ICNoteParticipant', table: 'ZICNOTEPARTICIPANT' },
    { ent: 20, name: 'ICServerChangeToken', table: 'ZICSERVERCHANGETOKEN' },
    { ent: 16001, name: 'CHANGE', table: 'ACHANGE' },
    { ent: 16002, name: 'TRANSACTION', table: 'ATRANSACTION' },
    { ent: 16003, name: 'TRANSACTIONSTRING', table: 'ATRANSACTIONSTRING' },
  ],
  indexes: {
    ZICCLOUDSTATE: ['ZCLOUDSYNCINGOBJECT'],
    ZICCLOUDSYNCINGOBJECT: [
      'ZCLOUDSTATE', 'ZINVITATION', 'ZACCOUNT', 'ZACCOUNT1', 'ZLOCATION', 'ZMEDIA', 'ZNOTE', 'ZNOTEUSINGTITLEFORNOTETITLE',
      'ZPARENTATTACHMENT', 'ZATTACHMENT', 'ZACCOUNT2', 'ZACCOUNT3', 'ZACCOUNT4', 'ZNOTE1', 'ZPARENTATTACHMENT1', 'ZACCOUNT5',
      'ZACCOUNT6', 'ZATTACHMENT1', 'ZACCOUNT7', 'ZFOLDER', 'ZNOTEDATA', 'ZTITLESOURCEATTACHMENT', 'ZOWNER', 'ZACCOUNTDATA',
      'ZACCOUNT8', 'ZPARENT', 'Z_ENT',
    ],
    ZICINVITATION: ['ZACCOUNT', 'ZROOTOBJECT'],
    ZICLOCATION: ['ZATTACHMENT', 'Z_ENT'],
    ZICNOTEDATA: ['ZNOTE'],
    ZICNOTEPARTICIPANT: ['ZNOTE'],
    ZICSERVERCHANGETOKEN: ['ZACCOUNT'],
    ACHANGE: ['ZTRANSACTIONID'],
    ATRANSACTION: ['ZAUTHORTS', 'ZBUNDLEIDTS', 'ZCONTEXTNAMETS', 'ZPROCESSIDTS'],
  },
  extraIndexes: [
    'CREATE UNIQUE INDEX Z_ICCloudSyncingObject_UNIQUE_identifier ON ZICCLOUDSYNCINGOBJECT (ZIDENTIFIER COLLATE BINARY ASC)',
    'CREATE UNIQUE INDEX Z_ICInvitation_UNIQUE_shareURL ON ZICINVITATION (ZSHAREURL COLLATE BINARY ASC)',
    'CREATE INDEX Z_TRANSACTION_TransactionAuthorIndex ON ATRANSACTION (ZAUTHOR COLLATE BINARY ASC)',
    'CREATE INDEX Z_TRANSACTION_TransactionTimestampIndex ON ATRANSACTION (ZTIMESTAMP COLLATE BINARY ASC)',
    'CREATE UNIQUE INDEX Z_TRANSACTIONSTRING_UNIQUE_NAME ON ATRANSACTIONSTRING (ZNAME COLLATE BINARY ASC)',
  ],
};

/** ZICCLOUDSYNCINGOBJECT entities of iOS 10 and 11 (Z_ENT 2 to 11). */
const IOS10_11_OBJECT_ENTITIES = objectEntities([
  [3, 'ICAttachment', 2], [4, 'ICAttachmentPreviewImage', 2], [5, 'ICDeviceMigrationState', 2], [6, 'ICLegacyTombstone', 2],
  [7, 'ICMedia', 2], [8, 'ICNote', 2], [9, 'ICNoteContainer', 2], [10, 'ICAccount', 9], [11, 'ICFolder', 9],
]);

const IOS10_11_COLUMNS: NotesColumnNames = {
  noteAccount: 'ZACCOUNT2',
  noteCreated: 'ZCREATIONDATE1',
  noteModified: 'ZMODIFICATIONDATE1',
  noteFolder: 'ZFOLDER',
  folderAccount: 'ZACCOUNT3',
  attachmentAccount: null,
  mediaAccount: null,
  mergeableData: 'ZMERGEABLEDATA',
  hashtag: null,
  inlineAttachment: null,
};

const IOS11: Generation = {
  columns: IOS10_11_COLUMNS,
  entities: { cloudState: 1, account: 10, accountData: null, folder: 11, note: 8, attachment: 3, media: 7, hashtag: null, inlineAttachment: null, noteData: 14 },
  folderJoin: null,
  tables: {
    ZICCLOUDSTATE: CLOUD_STATE_COLUMNS,
    ZICCLOUDSYNCINGOBJECT: IOS11_OBJECT_COLUMNS,
    ZICLOCATION: LOCATION_COLUMNS,
    ZICNOTEDATA: NOTE_DATA_COLUMNS,
    ZICSEARCHINDEXTRANSACTION: SEARCH_INDEX_TRANSACTION_COLUMNS,
    ZICSERVERCHANGETOKEN: SERVER_CHANGE_TOKEN_COLUMNS,
    ZNEXTID: NEXT_ID_COLUMNS,
    ACHANGE: HISTORY_CHANGE_COLUMNS,
    ATRANSACTION: IOS11_ATRANSACTION,
  },
  entityList: [
    { ent: 1, name: 'ICCloudState', table: CLOUD_STATE },
    { ent: 2, name: 'ICCloudSyncingObject', table: OBJECTS },
    ...IOS10_11_OBJECT_ENTITIES,
    { ent: 12, name: 'ICLocation', table: 'ZICLOCATION' },
    { ent: 13, name: 'ICAttachmentLocation', parent: 12, table: 'ZICLOCATION' },
    { ent: 14, name: 'ICNoteData', table: NOTE_DATA },
    { ent: 15, name: 'ICSearchIndexTransaction', table: 'ZICSEARCHINDEXTRANSACTION' },
    { ent: 16, name: 'ICServerChangeToken', table: 'ZICSERVERCHANGETOKEN' },
    { ent: 17, name: 'NextId', table: 'ZNEXTID' },
    { ent: 16001, name: 'CHANGE', table: 'ACHANGE' },
    { ent: 16002, name: 'TRANSACTION', table: 'ATRANSACTION' },
  ],
  indexes: {
    ZICCLOUDSTATE: ['ZCLOUDSYNCINGOBJECT'],
    ZICCLOUDSYNCINGOBJECT: [
      'ZCLOUDSTATE', 'ZLOCATION', 'ZMEDIA', 'ZNOTE', 'ZNOTEUSINGTITLEFORNOTETITLE', 'ZPARENTATTACHMENT', 'ZATTACHMENT', 'ZACCOUNT',
      'ZACCOUNT1', 'ZATTACHMENT1', 'ZACCOUNT2', 'ZFOLDER', 'ZNOTEDATA', 'ZTITLESOURCEATTACHMENT', 'ZOWNER', 'ZACCOUNT3', 'ZPARENT',
      'Z_ENT',
    ],
    ZICLOCATION: ['ZATTACHMENT', 'Z_ENT'],
    ZICNOTEDATA: ['ZNOTE'],
    ZICSERVERCHANGETOKEN: ['ZACCOUNT'],
    ACHANGE: ['ZTRANSACTIONID'],
  },
  extraIndexes: [],
};

const IOS10: Generation = {
  columns: { ...IOS10_11_COLUMNS, noteFolder: null },
  entities: { cloudState: 1, account: 10, accountData: null, folder: 11, note: 8, attachment: 3, media: 7, hashtag: null, inlineAttachment: null, noteData: 15 },
  folderJoin: { table: 'Z_11NOTES', folderColumn: 'Z_11FOLDERS', noteColumn: 'Z_8NOTES' },
  tables: {
    ZICCLOUDSTATE: CLOUD_STATE_COLUMNS,
    ZICCLOUDSYNCINGOBJECT: IOS10_OBJECT_COLUMNS,
    Z_11NOTES: IOS10_Z_11NOTES,
    ZICLOCATION: IOS10_ZICLOCATION,
    ZICNOTECHANGE: IOS10_ZICNOTECHANGE,
    ZICNOTEDATA: NOTE_DATA_COLUMNS,
    ZICSEARCHINDEXTRANSACTION: SEARCH_INDEX_TRANSACTION_COLUMNS,
    ZICSERVERCHANGETOKEN: IOS10_ZICSERVERCHANGETOKEN,
    ZNEXTID: NEXT_ID_COLUMNS,
  },
  constraints: { Z_11NOTES: 'PRIMARY KEY (Z_11FOLDERS, Z_8NOTES)' },
  entityList: [
    { ent: 1, name: 'ICCloudState', table: CLOUD_STATE },
    { ent: 2, name: 'ICCloudSyncingObject', table: OBJECTS },
    ...IOS10_11_OBJECT_ENTITIES,
    { ent: 12, name: 'ICLocation', table: 'ZICLOCATION' },
    { ent: 13, name: 'ICAttachmentLocation', parent: 12, table: 'ZICLOCATION' },
    { ent: 14, name: 'ICNoteChange', table: 'ZICNOTECHANGE' },
    { ent: 15, name: 'ICNoteData', table: NOTE_DATA },
    { ent: 16, name: 'ICSearchIndexTransaction', table: 'ZICSEARCHINDEXTRANSACTION' },
    { ent: 17, name: 'ICServerChangeToken', table: 'ZICSERVERCHANGETOKEN' },
    { ent: 18, name: 'NextId', table: 'ZNEXTID' },
  ],
  indexes: {
    ZICCLOUDSTATE: ['ZCLOUDSYNCINGOBJECT'],
    ZICCLOUDSYNCINGOBJECT: [
      'ZCLOUDSTATE', 'ZLOCATION', 'ZMEDIA', 'ZNOTE', 'ZPARENTATTACHMENT', 'ZATTACHMENT', 'ZACCOUNT', 'ZACCOUNT1', 'ZATTACHMENT1',
      'ZACCOUNT2', 'ZNOTEDATA', 'ZOWNER', 'ZACCOUNT3', 'ZPARENT', 'Z_ENT',
    ],
    ZICLOCATION: ['ZATTACHMENT', 'Z_ENT'],
    ZICNOTECHANGE: ['ZFOLDER'],
    ZICNOTEDATA: ['ZNOTE'],
    ZICSERVERCHANGETOKEN: ['ZACCOUNT'],
  },
  extraIndexes: ['CREATE INDEX Z_11NOTES_Z_8NOTES_INDEX ON Z_11NOTES (Z_8NOTES, Z_11FOLDERS)'],
};

const GENERATIONS: Readonly<Record<NotesGeneration, Generation>> = { modern: MODERN, ios11: IOS11, ios10: IOS10 };

/** Column names, entity numbers and join table of each generation (what a reader of the built store meets). */
export const NOTES_GENERATIONS: Readonly<Record<NotesGeneration, NotesGenerationInfo>> = {
  modern: { columns: MODERN.columns, entities: MODERN.entities, folderJoin: MODERN.folderJoin },
  ios11: { columns: IOS11.columns, entities: IOS11.entities, folderJoin: IOS11.folderJoin },
  ios10: { columns: IOS10.columns, entities: IOS10.entities, folderJoin: IOS10.folderJoin },
};

/** The column lists of a generation's tables (for schema comparisons in tests). */
export function notesTables(generation: NotesGeneration): Readonly<Record<string, ColumnList>> {
  return GENERATIONS[generation].tables;
}

/** The Z_PRIMARYKEY entities of a generation. */
export function notesEntities(generation: NotesGeneration): readonly EntitySpec[] {
  return GENERATIONS[generation].entityList;
}

// ---------------------------------------------------------------- writer

/** Schema variations of a built store. */
export interface NotesDbLayout {
  generation?: NotesGeneration;
  /** Tables left out (e.g. `ZICNOTEDATA`). */
  omitTables?: readonly string[];
  /** Columns left out per table. */
  omitColumns?: Readonly<Record<string, readonly string[]>>;
  /** Leave the store in WAL mode; rows written after `checkpoint()` live only in `-wal`. */
  wal?: boolean;
  /** Seed of every identifier, UUID, salt and key (default 1): equal specs give equal stores. */
  seed?: number | string;
}

/** ZACCOUNTTYPE: 3 "On My iPhone" (local), 1 iCloud. */
export type AccountKind = 'local' | 'icloud';

const ACCOUNT_TYPE_CODES: Readonly<Record<AccountKind, number>> = { local: 3, icloud: 1 };

/** One account (ICAccount). */
export interface AccountSpec {
  name: string;
  type?: AccountKind;
  /** ZIDENTIFIER: `LocalAccount` for the local account (default), a UUID for iCloud. */
  identifier?: string;
  created?: number;
  /** PBKDF2 iterations of the account's locked notes (default 20000). */
  iterations?: number;
}

/** `normal` (ZFOLDERTYPE 0), `default` (the account's "Notes", identifier `DefaultFolder-<account>`), `trash`
 *  (Recently Deleted: ZFOLDERTYPE 1, identifier `TrashFolder-<account>`). */
export type FolderKind = 'normal' | 'default' | 'trash';

/** One folder (ICFolder). */
export interface FolderSpec {
  title: string;
  /** Z_PK of the account. */
  account: number;
  /** Z_PK of the parent folder. */
  parent?: number;
  type?: FolderKind;
  identifier?: string;
  markedForDeletion?: boolean;
  created?: number;
}

/** An attachment of a note, written as its row(s) and a U+FFFC paragraph referring to it. */
export type NoteAttachmentSpec =
  | { kind: 'url'; url: string; title?: string; identifier?: string }
  | { kind: 'image'; filename: string; uti?: string; title?: string; width?: number; height?: number; identifier?: string }
  | { kind: 'file'; filename: string; uti: string; title?: string; identifier?: string }
  | { kind: 'table'; rows: ReadonlyArray<readonly string[]>; direction?: TableDirection; identifier?: string }
  /** A hashtag (`tag` without "#"): ICInlineAttachment + ICHashtag rows; generations before hashtags get the text `#tag`. */
  | { kind: 'hashtag'; tag: string; identifier?: string };

/** A paragraph or an attachment (its own paragraph). */
export type NoteContent = NoteParagraph | NoteAttachmentSpec;

/** One note (ICNote with its ZICNOTEDATA body). */
export interface NoteSpec {
  /** Z_PK of the folder. */
  folder: number;
  /** Z_PK of the account (default: the folder's). */
  account?: number;
  identifier?: string;
  /** The body; the first paragraph is the title (style `title` unless it names one). */
  content?: readonly NoteContent[];
  /** ZTITLE1 / ZSNIPPET (default: the first and second non-blank lines of the text). */
  title?: string | null;
  snippet?: string | null;
  /** Cocoa seconds. */
  created?: number;
  modified?: number;
  pinned?: boolean;
  markedForDeletion?: boolean;
  /** No ZICNOTEDATA row (ZNOTEDATA NULL), as notes marked for deletion have. */
  noBody?: boolean;
  /** ZDATA written as given instead of the encoded body (e.g. corrupt bytes, or NULL). */
  rawData?: Buffer | null;
  /** Locks the note with this password (the salt and iteration count are the account's). */
  password?: string;
  passwordHint?: string;
  /** Body options (see `encodeNoteBody`): end the last paragraph with "\n" (default true); run timestamps. */
  finalNewline?: boolean;
  timestamp?: number;
}

/** An attachment as written. */
export interface BuiltAttachment {
  kind: NoteAttachmentSpec['kind'];
  /** Z_PK of its ICAttachment (or ICInlineAttachment) row. */
  pk: number;
  identifier: string;
  uti: string;
  /** ICMedia row of an image or file. */
  mediaPk?: number;
}

/** A note as written. */
export interface BuiltNote {
  pk: number;
  identifier: string;
  /** Z_PK of its ZICNOTEDATA row, or null. */
  noteData: number | null;
  text: string;
  title: string | null;
  snippet: string | null;
  checklist: Array<{ text: string; done: boolean }>;
  attachments: BuiltAttachment[];
}

interface AccountState {
  pk: number;
  identifier: string;
  name: string;
  type: AccountKind;
  salt: Buffer;
  iterations: number;
  keks: Map<string, Buffer>;
  /** Set by the first locked note: the account row gets its salt, iterations and hint. */
  lock: { hint: string | null } | null;
}

/** Zero-valued flags every real ZICCLOUDSYNCINGOBJECT row carries. */
const SYNCING_DEFAULTS: Readonly<Record<string, number>> = {
  ZCRYPTOITERATIONCOUNT: 0,
  ZISPASSWORDPROTECTED: 0,
  ZISSHAREDIRTY: 0,
  ZMARKEDFORDELETION: 0,
  ZMINIMUMSUPPORTEDNOTESVERSION: 0,
  ZNEEDSINITIALFETCHFROMCLOUD: 0,
};

/** Cocoa seconds of 2024-03-01T09:00:00Z. */
export const NOTES_BASE_TIME = 730976400;

const HASHTAG_UTI = 'com.apple.notes.inlinetextattachment.hashtag';
const TABLE_UTI = 'com.apple.notes.table';

function isAttachment(item: NoteContent): item is NoteAttachmentSpec {
  return 'kind' in item;
}

function utiOf(spec: NoteAttachmentSpec): string {
  switch (spec.kind) {
    case 'url':
      return 'public.url';
    case 'image':
      return spec.uti ?? 'public.jpeg';
    case 'file':
      return spec.uti;
    case 'table':
      return TABLE_UTI;
    case 'hashtag':
      return HASHTAG_UTI;
  }
}

/** ZTITLE1 and ZSNIPPET as Notes derives them: the first and second non-blank lines, attachments left out. */
export function titleAndSnippet(text: string): { title: string | null; snippet: string | null } {
  const lines = text
    .split('\n')
    .map((line) => line.split(ATTACHMENT_CHARACTER).join('').trim())
    .filter((line) => line.length > 0);
  return { title: lines[0] ?? null, snippet: lines[1] ?? null };
}

/** Writes a NoteStore.sqlite row by row inside one transaction. */
export class NotesDbWriter {
  readonly generation: NotesGeneration;
  readonly info: NotesGenerationInfo;
  private readonly store: CoreDataWriter;
  private readonly model: Generation;
  private readonly random: SeededRandom;
  private readonly accounts = new Map<number, AccountState>();
  /** Folder Z_PK -> account Z_PK. */
  private readonly folders = new Map<number, number>();
  /** `<account pk>:<TAG>` -> ICHashtag Z_PK. */
  private readonly hashtags = new Map<string, number>();

  constructor(path: string, layout: NotesDbLayout = {}) {
    this.generation = layout.generation ?? 'modern';
    this.model = GENERATIONS[this.generation];
    this.info = NOTES_GENERATIONS[this.generation];
    this.random = new SeededRandom(layout.seed ?? 1);
    this.store = new CoreDataWriter(path, {
      tables: this.model.tables,
      entities: this.model.entityList,
      constraints: this.model.constraints,
      omitTables: layout.omitTables,
      omitColumns: layout.omitColumns,
      wal: layout.wal,
    });
  }

  /** A row of ZICCLOUDSTATE for a syncing object; its Z_PK, or null when the table is left out. */
  private cloudState(account: AccountState | null, date: number): number | null {
    const inCloud = account?.type === 'icloud' ? 1 : 0;
    const pk = this.store.insert(CLOUD_STATE, { ZCURRENTLOCALVERSION: 1, ZINCLOUD: inCloud, ZLATESTVERSIONSYNCEDTOCLOUD: inCloud, ZLOCALVERSIONDATE: date });
    return pk || null;
  }

  /** A ZICCLOUDSYNCINGOBJECT row of entity `ent` with its cloud state; returns its Z_PK. */
  private object(ent: number, values: Record<string, unknown>, account: AccountState | null, date: number): number {
    const cloud = this.cloudState(account, date);
    return this.store.insert(OBJECTS, { ...SYNCING_DEFAULTS, ZCLOUDSTATE: cloud, ...values }, ent);
  }

  private accountOf(pk: number): AccountState {
    const account = this.accounts.get(pk);
    if (!account) throw new Error(`no account with Z_PK ${pk} was written`);
    return account;
  }

  /** Adds an account (and, in the modern generation, its ICAccountData); returns its Z_PK. */
  account(spec: AccountSpec): number {
    const type = spec.type ?? 'local';
    const identifier = spec.identifier ?? (type === 'local' ? 'LocalAccount' : this.random.uuid());
    const created = spec.created ?? NOTES_BASE_TIME - 86400 * 30;
    const pk = this.store.nextPk(OBJECTS);
    const accountData = this.model.entities.accountData;
    const state: AccountState = {
      pk,
      identifier,
      name: spec.name,
      type,
      salt: this.random.bytes(16),
      iterations: spec.iterations ?? 20000,
      keks: new Map(),
      lock: null,
    };
    this.accounts.set(pk, state);
    const code = ACCOUNT_TYPE_CODES[type];
    this.object(
      this.model.entities.account,
      {
        ZNAME: spec.name,
        ZACCOUNTTYPE: code,
        ZIDENTIFIER: identifier,
        ZOWNER: pk,
        // ICAccountData is the next row of the table.
        ZACCOUNTDATA: accountData !== null ? pk + 1 : null,
        ZISHIDDENNOTECONTAINER: 1,
        ZSORTORDER: 0,
        ZDATEHEADERSTYPE: 0,
        ZDIDCHOOSETOMIGRATE: 1,
        ZDIDFINISHMIGRATION: 0,
        ZDIDMIGRATEONMAC: 0,
        ZSTOREDATASEPARATELY: 1,
        ZLOCKEDNOTESMODE: 0,
        ZACCOUNTNAMEFORACCOUNTLISTSORTING: `${code}_${spec.name}`,
        ZNESTEDTITLEFORSORTING: '',
        ZUSERRECORDNAME: type === 'icloud' ? `_${this.random.bytes(16).toString('hex')}` : null,
      },
      state,
      created,
    );
    if (accountData !== null) this.object(accountData, { ZACCOUNT: pk, ZIDENTIFIER: this.random.uuid() }, state, created);
    return pk;
  }

  /** Adds a folder (parents before children); returns its Z_PK. */
  folder(spec: FolderSpec): number {
    const account = this.accountOf(spec.account);
    if (spec.parent !== undefined && !this.folders.has(spec.parent)) throw new Error(`parent folder ${spec.parent} of "${spec.title}" was not written yet`);
    const type = spec.type ?? 'normal';
    const identifier =
      spec.identifier ?? (type === 'trash' ? `TrashFolder-${account.identifier}` : type === 'default' ? `DefaultFolder-${account.identifier}` : this.random.uuid());
    const created = spec.created ?? NOTES_BASE_TIME - 86400 * 20;
    const pk = this.object(
      this.model.entities.folder,
      {
        ZTITLE2: spec.title,
        ZFOLDERTYPE: type === 'trash' ? 1 : 0,
        ZPARENT: spec.parent ?? null,
        ZOWNER: account.pk,
        [this.model.columns.folderAccount]: account.pk,
        ZIDENTIFIER: identifier,
        ZMARKEDFORDELETION: spec.markedForDeletion ?? false,
        ZISHIDDENNOTECONTAINER: 0,
        ZSORTORDER: type === 'default' ? 1 : type === 'trash' ? 3 : 2,
        ZNEEDSTOSAVEUSERSPECIFICRECORD: 1,
        ZCUSTOMNOTESORTTYPEVALUE: 0,
        ZDATEHEADERSTYPE: 0,
        ZIMPORTEDFROMLEGACY: 0,
        ZACCOUNTNAMEFORACCOUNTLISTSORTING: `${ACCOUNT_TYPE_CODES[account.type]}_${account.name}`,
        ZDATEFORLASTTITLEMODIFICATION: type === 'normal' ? created : null,
        ZPARENTMODIFICATIONDATE: spec.parent !== undefined ? created : null,
      },
      account,
      created,
    );
    this.folders.set(pk, account.pk);
    return pk;
  }

  /** Adds a note, its body row and its attachments. */
  note(spec: NoteSpec): BuiltNote {
    const folderAccount = this.folders.get(spec.folder);
    if (folderAccount === undefined) throw new Error(`folder ${spec.folder} was not written`);
    const account = this.accountOf(spec.account ?? folderAccount);
    const cols = this.model.columns;
    const ents = this.model.entities;
    const created = spec.created ?? NOTES_BASE_TIME;
    const modified = spec.modified ?? created + 600;
    const identifier = spec.identifier ?? this.random.uuid();

    const pending: Array<{ spec: NoteAttachmentSpec; identifier: string; uti: string }> = [];
    const paragraphs = (spec.content ?? []).map((item, index): NoteParagraph => {
      if (!isAttachment(item)) return index === 0 && item.style === undefined ? { ...item, style: 'title' } : item;
      if (item.kind === 'hashtag' && ents.inlineAttachment === null) return { text: `#${item.tag}` };
      const ref = { identifier: item.identifier ?? this.random.uuid(), uti: utiOf(item) };
      pending.push({ spec: item, ...ref });
      return { attachment: ref };
    });
    const body = encodeNoteBody(paragraphs, { random: this.random, finalNewline: spec.finalNewline, timestamp: spec.timestamp });
    const derived = titleAndSnippet(body.text);
    const title = spec.title !== undefined ? spec.title : derived.title;
    const locked = spec.password !== undefined;
    const snippet = locked ? null : spec.snippet !== undefined ? spec.snippet : derived.snippet;

    let crypto: ReturnType<typeof encryptNoteBody> | null = null;
    if (spec.password !== undefined) {
      let kek = account.keks.get(spec.password);
      if (!kek) {
        kek = deriveKeyEncryptionKey(spec.password, account.salt, account.iterations);
        account.keks.set(spec.password, kek);
      }
      crypto = encryptNoteBody(body.gzip, spec.password, { salt: account.salt, iterations: account.iterations, kek, random: this.random });
      account.lock ??= { hint: spec.passwordHint ?? null };
    }

    const hasBody = !spec.noBody && this.store.has(NOTE_DATA);
    const pk = this.store.nextPk(OBJECTS);
    const noteData = hasBody ? this.store.nextPk(NOTE_DATA) : null;
    const unchecked = body.checklist.some((item) => !item.done);
    this.object(
      ents.note,
      {
        ZIDENTIFIER: identifier,
        ZTITLE1: title,
        ZSNIPPET: snippet,
        ZWIDGETSNIPPET: locked || title === null ? null : snippet ? `${title}\n${snippet}` : title,
        [cols.noteAccount]: account.pk,
        ...(cols.noteFolder ? { [cols.noteFolder]: spec.folder } : {}),
        ZNOTEDATA: noteData,
        [cols.noteCreated]: created,
        [cols.noteModified]: modified,
        ZFOLDERMODIFICATIONDATE: created,
        ZFOLDERSMODIFICATIONDATE: created,
        ZLASTOPENEDDATE: modified,
        ZISPINNED: spec.pinned ?? false,
        ZMARKEDFORDELETION: spec.markedForDeletion ?? false,
        ZISPASSWORDPROTECTED: locked,
        ZHASCHECKLIST: body.checklist.length > 0,
        ZHASCHECKLISTINPROGRESS: unchecked,
        ZHASSYSTEMTEXTATTACHMENTS: 0,
        ZATTACHMENTVIEWTYPE: 0,
        ZISSYSTEMPAPER: 0,
        ZPAPERSTYLETYPE: 0,
        ZLEGACYNOTEWASPLAINTEXT: 0,
        ZNOTEHASCHANGES: 0,
        ...(crypto
          ? {
              ZCRYPTOSALT: crypto.salt,
              ZCRYPTOITERATIONCOUNT: crypto.iterations,
              ZCRYPTOWRAPPEDKEY: crypto.wrappedKey,
              // Real stores keep the IV and tag on the note row as well as on ZICNOTEDATA.
              ZCRYPTOINITIALIZATIONVECTOR: crypto.iv,
              ZCRYPTOTAG: crypto.tag,
              ZPASSWORDHINT: spec.passwordHint ?? null,
            }
          : {}),
      },
      account,
      modified,
    );
    if (hasBody) {
      this.store.insert(NOTE_DATA, {
        ZNOTE: pk,
        ZDATA: spec.rawData !== undefined ? spec.rawData : crypto ? crypto.data : body.gzip,
        ZCRYPTOINITIALIZATIONVECTOR: crypto?.iv ?? null,
        ZCRYPTOTAG: crypto?.tag ?? null,
      });
    }
    const attachments = pending.map((item) => this.attachment(pk, account, item.spec, item.identifier, item.uti, modified));
    const join = this.model.folderJoin;
    if (join) this.store.link(join.table, { [join.folderColumn]: spec.folder, [join.noteColumn]: pk });
    return { pk, identifier, noteData, text: body.text, title, snippet, checklist: body.checklist, attachments };
  }

  private attachment(note: number, account: AccountState, spec: NoteAttachmentSpec, identifier: string, uti: string, date: number): BuiltAttachment {
    const cols = this.model.columns;
    const ents = this.model.entities;
    if (spec.kind === 'hashtag') {
      const standardized = spec.tag.toUpperCase();
      const key = `${account.pk}:${standardized}`;
      if (!this.hashtags.has(key) && ents.hashtag !== null && cols.hashtag) {
        const hashtag = this.object(
          ents.hashtag,
          { [cols.hashtag.account]: account.pk, [cols.hashtag.created]: date, ZIDENTIFIER: this.random.uuid(), ZDISPLAYTEXT: spec.tag, ZSTANDARDIZEDCONTENT: standardized },
          account,
          date,
        );
        this.hashtags.set(key, hashtag);
      }
      const inline = cols.inlineAttachment!;
      const pk = this.object(
        ents.inlineAttachment!,
        {
          [inline.account]: account.pk,
          [inline.note]: note,
          [inline.created]: date,
          ZIDENTIFIER: identifier,
          ZALTTEXT: `#${spec.tag}`,
          ZTOKENCONTENTIDENTIFIER: standardized,
          ZTYPEUTI1: uti,
          ZMENTIONNOTIFICATIONATTEMPTCOUNT: 0,
          ZMENTIONNOTIFICATIONSTATE: 0,
          ZMINIMUMSUPPORTEDNOTESVERSION: 7,
        },
        account,
        date,
      );
      return { kind: spec.kind, pk, identifier, uti };
    }
    const withMedia = spec.kind === 'image' || spec.kind === 'file';
    const pk = this.store.nextPk(OBJECTS);
    // The ICMedia row is the next row of the table.
    const mediaPk = withMedia ? pk + 1 : undefined;
    const values: Record<string, unknown> = {
      ZNOTE: note,
      ZIDENTIFIER: identifier,
      ZTYPEUTI: uti,
      ZCREATIONDATE: date,
      ZMODIFICATIONDATE: date,
      ZMEDIA: mediaPk ?? null,
      ZFILESIZE: 0,
      ZORIENTATION: 0,
      ZCHECKEDFORLOCATION: 0,
      ZHASMARKUPDATA: 0,
      ZIMAGEFILTERTYPE: 0,
      ...(cols.attachmentAccount ? { [cols.attachmentAccount]: account.pk } : {}),
    };
    if (spec.kind === 'url') Object.assign(values, { ZURLSTRING: spec.url, ZTITLE: spec.title ?? null });
    if (spec.kind === 'table') {
      Object.assign(values, {
        [cols.mergeableData]: encodeTable(spec.rows, spec.direction, { random: this.random }),
        ZSUMMARY: tableSummary(spec.rows),
        ZMINIMUMSUPPORTEDNOTESVERSION: 2,
      });
    }
    if (spec.kind === 'image') Object.assign(values, { ZTITLE: spec.title ?? null, ZSIZEWIDTH: spec.width ?? 4032, ZSIZEHEIGHT: spec.height ?? 3024 });
    if (spec.kind === 'file') Object.assign(values, { ZTITLE: spec.title ?? spec.filename });
    this.object(ents.attachment, values, account, date);
    if (withMedia) {
      this.object(
        ents.media,
        { ZIDENTIFIER: this.random.uuid(), ZFILENAME: spec.filename, ZATTACHMENT1: pk, ...(cols.mediaAccount ? { [cols.mediaAccount]: account.pk } : {}) },
        account,
        date,
      );
    }
    return { kind: spec.kind, pk, identifier, uti, ...(mediaPk !== undefined ? { mediaPk } : {}) };
  }

  /** Whether the store has this column (absent in the generation, or left out). */
  hasColumn(table: string, column: string): boolean {
    return this.store.hasColumn(table, column);
  }

  /** WAL stores: what is written from here on lives only in the `-wal` file. */
  checkpoint(): void {
    this.store.checkpoint();
  }

  /** Gives accounts with locked notes their salt, iterations and hint, creates the indexes, fills Z_PRIMARYKEY, closes. */
  finish(): void {
    for (const account of this.accounts.values()) {
      if (!account.lock) continue;
      const set = [
        ['ZCRYPTOSALT', account.salt],
        ['ZCRYPTOITERATIONCOUNT', account.iterations],
        ['ZPASSWORDHINT', account.lock.hint],
      ].filter(([column]) => this.store.hasColumn(OBJECTS, column as string));
      if (set.length === 0) continue;
      this.store.db.prepare(`UPDATE ${OBJECTS} SET ${set.map(([column]) => `${column} = ?`).join(', ')} WHERE Z_PK = ?`).run(...set.map(([, value]) => value), account.pk);
    }
    for (const [table, columns] of Object.entries(this.model.indexes)) for (const column of columns) this.store.index(table, column);
    for (const sql of this.model.extraIndexes) {
      const table = /\bON (\w+)/.exec(sql)![1]!;
      const columns = /\(([^)]*)\)/.exec(sql)![1]!.split(',').map((part) => part.trim().split(' ')[0]!);
      if (columns.every((column) => this.store.hasColumn(table, column))) this.store.db.exec(sql);
    }
    this.store.finish();
  }
}

// ---------------------------------------------------------------- spec-driven build

/** A whole store by keys: accounts, folders (parents first) and notes refer to each other by their `key`. */
export interface NotesDbSpec extends NotesDbLayout {
  accounts: ReadonlyArray<AccountSpec & { key: string }>;
  folders: ReadonlyArray<Omit<FolderSpec, 'account' | 'parent'> & { key: string; account: string; parent?: string }>;
  notes: ReadonlyArray<Omit<NoteSpec, 'folder' | 'account'> & { key?: string; folder: string; account?: string }>;
  /** With `wal`: notes from this index on are written after a checkpoint, so they live only in `-wal`. */
  walFrom?: number;
}

/** What {@link buildNotesDb} wrote: Z_PKs by key, and every note. */
export interface BuiltNotesDb {
  generation: NotesGeneration;
  accounts: Record<string, number>;
  folders: Record<string, number>;
  notes: BuiltNote[];
  /** Notes that had a `key`. */
  byKey: Record<string, BuiltNote>;
}

function lookup(map: Readonly<Record<string, number>>, key: string, what: string): number {
  const pk = map[key];
  if (pk === undefined) throw new Error(`unknown ${what} "${key}" (known: ${Object.keys(map).join(', ')})`);
  return pk;
}

/** Writes a NoteStore.sqlite from a spec. */
export function buildNotesDb(path: string, spec: NotesDbSpec): BuiltNotesDb {
  const writer = new NotesDbWriter(path, spec);
  const accounts: Record<string, number> = {};
  const folders: Record<string, number> = {};
  for (const { key, ...account } of spec.accounts) accounts[key] = writer.account(account);
  for (const { key, account, parent, ...folder } of spec.folders) {
    folders[key] = writer.folder({
      ...folder,
      account: lookup(accounts, account, 'account'),
      ...(parent !== undefined ? { parent: lookup(folders, parent, 'folder') } : {}),
    });
  }
  const notes: BuiltNote[] = [];
  const byKey: Record<string, BuiltNote> = {};
  spec.notes.forEach(({ key, folder, account, ...note }, index) => {
    if (spec.walFrom === index) writer.checkpoint();
    const built = writer.note({
      ...note,
      folder: lookup(folders, folder, 'folder'),
      ...(account !== undefined ? { account: lookup(accounts, account, 'account') } : {}),
    });
    notes.push(built);
    if (key !== undefined) byKey[key] = built;
  });
  writer.finish();
  return { generation: writer.generation, accounts, folders, notes, byKey };
}

// ---------------------------------------------------------------- the sample

/** Accounts of the sample store. */
export const SAMPLE_ACCOUNTS = {
  local: { name: 'On My iPhone', type: 'local', identifier: 'LocalAccount' },
  icloud: { name: 'iCloud', type: 'icloud', identifier: '5A1C3E70-8B2D-4F61-9E0A-7C4B2D19F3A8' },
} as const satisfies Record<string, { name: string; type: AccountKind; identifier: string }>;

/** Account keys of the sample. */
export type SampleAccountKey = keyof typeof SAMPLE_ACCOUNTS;

/** A sample folder: title, path from its top folder (`Work / Projects`), account, identifier and kind. */
export interface SampleFolder {
  title: string;
  path: string;
  account: SampleAccountKey;
  identifier: string;
  type: FolderKind;
  parent?: SampleFolderKey;
  markedForDeletion: boolean;
}

/** Folder keys of the sample (parents listed before children). */
export type SampleFolderKey = 'localNotes' | 'localTrash' | 'recipes' | 'oldStuff' | 'cloudNotes' | 'work' | 'projects' | 'cloudTrash';

/** Folders of the sample store, one Recently Deleted per account, `Projects` inside `Work`. */
export const SAMPLE_FOLDERS: Readonly<Record<SampleFolderKey, SampleFolder>> = {
  localNotes: { title: 'Notes', path: 'Notes', account: 'local', identifier: 'DefaultFolder-LocalAccount', type: 'default', markedForDeletion: false },
  localTrash: { title: 'Recently Deleted', path: 'Recently Deleted', account: 'local', identifier: 'TrashFolder-LocalAccount', type: 'trash', markedForDeletion: false },
  recipes: { title: 'Recipes', path: 'Recipes', account: 'local', identifier: '3D0B7A52-16E4-4C2B-9A8F-2E5D6C7B8A91', type: 'normal', markedForDeletion: false },
  oldStuff: { title: 'Old stuff', path: 'Old stuff', account: 'local', identifier: 'B7E1D0C4-5A62-4F3E-8B19-6D4C3B2A1F07', type: 'normal', markedForDeletion: true },
  cloudNotes: {
    title: 'Notes',
    path: 'Notes',
    account: 'icloud',
    identifier: `DefaultFolder-${SAMPLE_ACCOUNTS.icloud.identifier}`,
    type: 'default',
    markedForDeletion: false,
  },
  work: { title: 'Work', path: 'Work', account: 'icloud', identifier: 'C2F49E61-7D3A-4B58-A0E6-93B1C8D7E254', type: 'normal', markedForDeletion: false },
  projects: {
    title: 'Projects',
    path: 'Work / Projects',
    account: 'icloud',
    identifier: 'E8A3B5C7-2D1F-4E60-B9A4-5C6D7E8F9012',
    type: 'normal',
    parent: 'work',
    markedForDeletion: false,
  },
  cloudTrash: {
    title: 'Recently Deleted',
    path: 'Recently Deleted',
    account: 'icloud',
    identifier: `TrashFolder-${SAMPLE_ACCOUNTS.icloud.identifier}`,
    type: 'trash',
    markedForDeletion: false,
  },
};

/** Note keys of the sample. */
export type SampleNoteKey =
  | 'pinned'
  | 'lists'
  | 'checklist'
  | 'table'
  | 'emoji'
  | 'rtl'
  | 'url'
  | 'image'
  | 'hashtag'
  | 'formatting'
  | 'deletedLocal'
  | 'deletedCloud'
  | 'markedForDeletion'
  | 'locked';

/** Attachment kinds a sample note has. */
export type SampleAttachmentKind = 'url' | 'image' | 'table' | 'hashtag';

/** What a sample note is, for assertions. Times are Cocoa seconds. */
export interface SampleNote {
  identifier: string;
  title: string;
  /** Folder title, its path (`Work / Projects`) and the account name. */
  folder: string;
  folderPath: string;
  account: string;
  created: number;
  modified: number;
  pinned: boolean;
  markedForDeletion: boolean;
  locked: boolean;
  /** In a Recently Deleted folder. */
  inTrash: boolean;
  /** Has a ZICNOTEDATA body. */
  hasBody: boolean;
  /** Phrases of the body found in no other note (nor in any title). */
  phrases: readonly string[];
  checklist: ReadonlyArray<{ text: string; done: boolean }>;
  /** Cells by row, then column, or null. */
  table: ReadonlyArray<readonly string[]> | null;
  attachments: readonly SampleAttachmentKind[];
  /** URLs of URL attachments. */
  urls: readonly string[];
  /** Link targets of linked text (AttributeRun field 9). */
  links: readonly string[];
  /** Image file names (ICMedia ZFILENAME). */
  images: readonly string[];
  /** Hashtags as shown (`#travel`). */
  hashtags: readonly string[];
  password: string | null;
  passwordHint: string | null;
}

interface SampleNoteSource {
  identifier: string;
  folder: SampleFolderKey;
  content: readonly NoteContent[];
  phrases: readonly string[];
  pinned?: boolean;
  markedForDeletion?: boolean;
  noBody?: boolean;
  password?: string;
  passwordHint?: string;
}

const BUDGET: ReadonlyArray<readonly string[]> = [
  ['Item', 'Q1', 'Q2'],
  ['Travel', '1200', '950'],
];

const SAMPLE_SOURCES: Readonly<Record<SampleNoteKey, SampleNoteSource>> = {
  pinned: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E01',
    folder: 'cloudNotes',
    pinned: true,
    content: [{ text: 'Grocery run' }, { text: 'Oat milk, sourdough and ripe figs for Saturday.' }, { text: 'Ask the baker about rye.' }],
    phrases: ['ripe figs', 'Ask the baker about rye'],
  },
  lists: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E02',
    folder: 'localNotes',
    content: [
      { text: 'Packing list' },
      { text: 'Before leaving', style: 'heading' },
      { text: 'Passport', style: 'dotted' },
      { text: 'Sunscreen', style: 'dotted' },
      { text: 'Spare cable', style: 'dotted', indent: 1 },
      { text: 'Phone charger', style: 'dotted' },
      { text: '' },
      { text: 'Book the taxi', style: 'numbered' },
      { text: 'Water the ferns', style: 'numbered' },
    ],
    phrases: ['Phone charger', 'Water the ferns', 'Spare cable'],
  },
  checklist: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E03',
    folder: 'projects',
    content: [
      { text: 'Sprint tasks' },
      { text: 'Due Friday, before the demo.' },
      { text: 'Review the migration plan', style: 'checklist', done: true },
      { text: 'Write release notes', style: 'checklist', done: false },
      { text: 'Ping the QA channel', style: 'checklist', done: false, indent: 1 },
      { text: 'Fix flaky upload test', style: 'checklist', done: true },
    ],
    phrases: ['before the demo', 'Write release notes'],
  },
  table: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E04',
    folder: 'work',
    content: [
      { text: 'Quarterly budget' },
      { text: 'Numbers in euros, rounded.' },
      { kind: 'table', rows: BUDGET, identifier: '7A3E9C15-4B2D-4F8A-9C61-0D2E3F4A5B01' },
      { text: 'Approved by finance.' },
    ],
    phrases: ['Numbers in euros', 'Approved by finance'],
  },
  emoji: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E05',
    folder: 'cloudNotes',
    content: [
      { text: 'Weekend 🎉 plans' },
      { spans: [{ text: 'Hike to the 🏔️ lake with ' }, { text: 'Ana', bold: true }, { text: ' 👩‍💻' }] },
      { spans: [{ text: 'See the ' }, { text: 'trail map', link: 'https://example.org/trails/lake' }, { text: ' before we go.' }] },
      { text: 'Bring 🍫 and water', italic: true },
    ],
    phrases: ['🏔️ lake', 'trail map', 'Bring 🍫 and water'],
  },
  rtl: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E06',
    folder: 'cloudNotes',
    content: [{ text: 'Greetings from Haifa' }, { text: 'שלום וברכה מחיפה', rtl: true }, { text: 'Translated: peace and blessings from Haifa.' }],
    phrases: ['שלום וברכה מחיפה', 'peace and blessings'],
  },
  url: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E07',
    folder: 'recipes',
    content: [
      { text: 'Recipe link' },
      { text: 'Try this on Sunday.' },
      { kind: 'url', url: 'https://www.example.org/recipes/shakshuka', title: 'Shakshuka with feta', identifier: '7A3E9C15-4B2D-4F8A-9C61-0D2E3F4A5B02' },
    ],
    phrases: ['Try this on Sunday'],
  },
  image: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E08',
    folder: 'projects',
    content: [
      { text: 'Whiteboard photo' },
      { text: 'Architecture sketch from Monday.' },
      { kind: 'image', filename: 'IMG_2041.jpeg', uti: 'public.jpeg', identifier: '7A3E9C15-4B2D-4F8A-9C61-0D2E3F4A5B03' },
    ],
    phrases: ['Architecture sketch from Monday'],
  },
  hashtag: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E09',
    folder: 'cloudNotes',
    content: [{ text: 'Lisbon ideas' }, { text: 'Tram 28 and pastel de nata.' }, { kind: 'hashtag', tag: 'travel', identifier: '7A3E9C15-4B2D-4F8A-9C61-0D2E3F4A5B04' }],
    phrases: ['pastel de nata'],
  },
  formatting: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E10',
    folder: 'work',
    content: [
      { text: 'Meeting notes' },
      { text: 'Decisions', style: 'heading' },
      { spans: [{ text: 'Ship on Tuesday', bold: true }, { text: ' and ' }, { text: 'freeze the schema', italic: true }] },
      { text: 'Commands', style: 'subheading' },
      { text: 'git push --force-with-lease', style: 'monospaced' },
      { text: 'Underlined reminder', underline: true },
      { text: 'Cancelled item', strikethrough: true },
      { text: 'Measure twice, cut once.', blockQuote: true },
    ],
    phrases: ['Ship on Tuesday', 'git push --force-with-lease', 'Measure twice, cut once'],
  },
  deletedLocal: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E11',
    folder: 'localTrash',
    content: [{ text: 'Old shopping list' }, { text: 'Batteries and light bulbs.' }],
    phrases: ['Batteries and light bulbs'],
  },
  deletedCloud: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E12',
    folder: 'cloudTrash',
    content: [{ text: 'Abandoned idea' }, { text: 'A podcast about lighthouses.' }],
    phrases: ['podcast about lighthouses'],
  },
  markedForDeletion: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E13',
    folder: 'cloudTrash',
    markedForDeletion: true,
    noBody: true,
    content: [{ text: 'Discarded draft' }],
    phrases: [],
  },
  locked: {
    identifier: '0F6C2A51-3B9E-4C1D-8E77-1A2B3C4D5E14',
    folder: 'localNotes',
    password: 'correct horse battery',
    passwordHint: 'four words, the usual',
    content: [{ text: 'Bank details' }, { text: 'Safe deposit box 1142 at the Rua Augusta branch.' }],
    phrases: ['Safe deposit box 1142', 'Rua Augusta branch'],
  },
};

const SAMPLE_KEYS = Object.keys(SAMPLE_SOURCES) as SampleNoteKey[];

function paragraphText(item: NoteContent): string {
  if (isAttachment(item)) return '';
  return item.text ?? item.spans?.map((span) => ('text' in span ? span.text : '')).join('') ?? '';
}

function sampleFacts(key: SampleNoteKey, index: number): SampleNote {
  const source = SAMPLE_SOURCES[key];
  const folder = SAMPLE_FOLDERS[source.folder];
  const items = source.content;
  const attachments = items.filter(isAttachment);
  const created = NOTES_BASE_TIME + index * 3600;
  return {
    identifier: source.identifier,
    title: paragraphText(items[0]!),
    folder: folder.title,
    folderPath: folder.path,
    account: SAMPLE_ACCOUNTS[folder.account].name,
    created,
    modified: created + 900,
    pinned: source.pinned ?? false,
    markedForDeletion: source.markedForDeletion ?? false,
    locked: source.password !== undefined,
    inTrash: folder.type === 'trash',
    hasBody: !source.noBody,
    phrases: source.phrases,
    checklist: items.filter((item): item is NoteParagraph => !isAttachment(item) && item.style === 'checklist').map((item) => ({ text: paragraphText(item), done: item.done ?? false })),
    table: attachments.find((item) => item.kind === 'table')?.rows ?? null,
    attachments: attachments.map((item) => item.kind).filter((kind): kind is SampleAttachmentKind => kind !== 'file'),
    urls: attachments.flatMap((item) => (item.kind === 'url' ? [item.url] : [])),
    links: items.flatMap((item) => (isAttachment(item) ? [] : [item.link, ...(item.spans ?? []).map((span) => ('link' in span ? span.link : undefined))].filter((link): link is string => !!link))),
    images: attachments.flatMap((item) => (item.kind === 'image' ? [item.filename] : [])),
    hashtags: attachments.flatMap((item) => (item.kind === 'hashtag' ? [`#${item.tag}`] : [])),
    password: source.password ?? null,
    passwordHint: source.passwordHint ?? null,
  };
}

/**
 * The expected facts of {@link buildSampleNotesDb}'s store (modern generation): per note its identifier, title,
 * folder and path, account, dates, flags, body-only phrases, checklist items, table cells, attachments and password.
 */
export const SAMPLE_NOTES: Readonly<Record<SampleNoteKey, SampleNote>> = Object.fromEntries(
  SAMPLE_KEYS.map((key, index) => [key, sampleFacts(key, index)]),
) as Record<SampleNoteKey, SampleNote>;

/** A built sample: Z_PKs by key and the facts as this generation holds them. */
export interface BuiltSampleNotes {
  generation: NotesGeneration;
  accounts: Record<SampleAccountKey, number>;
  folders: Record<SampleFolderKey, number>;
  notes: Record<SampleNoteKey, SampleNote & { pk: number; noteData: number | null }>;
}

/**
 * A small known store: accounts `On My iPhone` (local) and `iCloud`; folders Notes, Recipes, a folder marked for
 * deletion and Recently Deleted (local), Notes, Work, Work / Projects and Recently Deleted (iCloud); a pinned note,
 * dotted and numbered lists, a checklist with done and open items, a 2x3 table, emoji with bold, italic and a link,
 * a right-to-left Hebrew paragraph, a URL and an image attachment, a #travel hashtag, headings / monospaced / block
 * quote formatting, a deleted note in each Recently Deleted, a note marked for deletion without body and a locked note.
 * The facts returned are SAMPLE_NOTES adjusted to the generation (no pins before iOS 11, hashtags as plain text
 * before iOS 15) and layout (no bodies without ZICNOTEDATA).
 */
export function buildSampleNotesDb(path: string, layout: NotesDbLayout = {}): BuiltSampleNotes {
  const writer = new NotesDbWriter(path, layout);
  const accounts = {} as Record<SampleAccountKey, number>;
  for (const [key, account] of Object.entries(SAMPLE_ACCOUNTS) as Array<[SampleAccountKey, (typeof SAMPLE_ACCOUNTS)[SampleAccountKey]]>) {
    accounts[key] = writer.account({ name: account.name, type: account.type, identifier: account.identifier });
  }
  const folders = {} as Record<SampleFolderKey, number>;
  for (const [key, folder] of Object.entries(SAMPLE_FOLDERS) as Array<[SampleFolderKey, SampleFolder]>) {
    folders[key] = writer.folder({
      title: folder.title,
      account: accounts[folder.account],
      type: folder.type,
      identifier: folder.identifier,
      markedForDeletion: folder.markedForDeletion,
      ...(folder.parent ? { parent: folders[folder.parent] } : {}),
    });
  }
  const pinning = writer.hasColumn(OBJECTS, 'ZISPINNED');
  const hashtags = writer.info.entities.inlineAttachment !== null;
  const notes = {} as BuiltSampleNotes['notes'];
  for (const key of SAMPLE_KEYS) {
    const source = SAMPLE_SOURCES[key];
    const facts = SAMPLE_NOTES[key];
    const built = writer.note({
      folder: folders[source.folder],
      identifier: source.identifier,
      content: source.content,
      created: facts.created,
      modified: facts.modified,
      pinned: source.pinned,
      markedForDeletion: source.markedForDeletion,
      noBody: source.noBody,
      password: source.password,
      passwordHint: source.passwordHint,
      ...(source.noBody ? { title: facts.title } : {}),
    });
    notes[key] = {
      ...facts,
      pinned: facts.pinned && pinning,
      hasBody: built.noteData !== null,
      attachments: facts.attachments.filter((kind) => kind !== 'hashtag' || hashtags),
      pk: built.pk,
      noteData: built.noteData,
    };
  }
  writer.finish();
  return { generation: writer.generation, accounts, folders, notes };
}

// ---------------------------------------------------------------- bulk stores

const WORDS = (
  'the a of and to in for on with at from by about after before over under between during without around ' +
  'meeting project garden kitchen recipe travel train flight hotel museum market coffee dinner lunch breakfast budget invoice ' +
  'report deadline team client design review draft plan list idea story chapter book movie song podcast lecture workshop ' +
  'morning evening weekend monday tuesday wednesday thursday friday saturday sunday january march june september december ' +
  'buy call send write read check fix clean book cancel confirm remember bring pack order pay move share print update ' +
  'quick long short new old small large early late quiet busy green blue red warm cold fresh simple careful important ' +
  'tomatoes basil olive bread cheese lemons rice beans garlic onions pepper salt honey yogurt apples pears spinach ' +
  'lisbon porto madrid paris berlin rome vienna prague oslo kyoto boston denver lima quito ' +
  'doctor dentist school office library station airport harbour bridge river mountain beach forest island village ' +
  'battery charger laptop phone camera printer router keyboard backup password account server database release ' +
  'notes thoughts questions answers reminders options details numbers changes problems results steps tasks goals ' +
  'maybe really probably finally again always never often soon later today tomorrow yesterday tonight'
).split(' ');

const NAMES = ['Ana', 'Bruno', 'Chen', 'Dara', 'Elif', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kenji', 'Lena', 'Marta', 'Nadia', 'Omar', 'Pia'];

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function words(random: SeededRandom, min: number, max: number): string {
  const count = random.between(min, max);
  const out = new Array<string>(count);
  for (let index = 0; index < count; index += 1) {
    const roll = random.int(40);
    out[index] = roll === 0 ? random.pick(NAMES) : roll === 1 ? String(random.between(2, 95)) : random.pick(WORDS);
  }
  return out.join(' ');
}

function sentence(random: SeededRandom): string {
  let text = capitalize(words(random, 5, 16));
  if (random.chance(0.2)) {
    const cut = text.indexOf(' ', 12);
    if (cut > 0) text = `${text.slice(0, cut)},${text.slice(cut)}`;
  }
  return text + random.pick(['.', '.', '.', '.', '.', '?', '!']);
}

/** Body of a bulk note: a title, prose paragraphs of varied words, sometimes a checklist or a list, maybe a table. */
function bulkContent(random: SeededRandom, withTable: boolean): { content: NoteContent[]; checklist: boolean; list: boolean } {
  const target = random.between(300, 3000);
  const title = capitalize(words(random, 2, 6));
  const content: NoteContent[] = [{ text: title }];
  let length = title.length + 1;
  const extra = random.int(6);
  let checklist = false;
  let list = false;
  let tablePlaced = !withTable;
  const fits = (size: number) => length < 300 || length + size <= target;
  while (length < target) {
    if (!tablePlaced && length > 80) {
      const rows = random.between(2, 5);
      const columns = random.between(2, 4);
      const cells = Array.from({ length: rows }, () => Array.from({ length: columns }, () => words(random, 1, 3)));
      content.push({ kind: 'table', rows: cells });
      length += 2;
      tablePlaced = true;
      continue;
    }
    if (extra === 0 && !checklist && length > target / 3) {
      const count = random.between(3, 8);
      for (let item = 0; item < count; item += 1) {
        const text = capitalize(words(random, 2, 6));
        if (!fits(text.length + 1)) break;
        content.push({ text, style: 'checklist', done: random.chance(0.5), ...(random.chance(0.15) ? { indent: 1 } : {}) });
        length += text.length + 1;
        checklist = true;
      }
      if (checklist) continue;
    }
    if (extra === 1 && !list && length > target / 4) {
      const style = random.pick(['dotted', 'numbered', 'dashed'] as const);
      const count = random.between(3, 7);
      for (let item = 0; item < count; item += 1) {
        const text = capitalize(words(random, 1, 6));
        if (!fits(text.length + 1)) break;
        content.push({ text, style });
        length += text.length + 1;
        list = true;
      }
      if (list) continue;
    }
    if (random.chance(0.06)) {
      const heading = capitalize(words(random, 1, 4));
      if (!fits(heading.length + 1)) break;
      content.push({ text: heading, style: 'heading' });
      length += heading.length + 1;
      continue;
    }
    const sentences: string[] = [];
    let paragraph = 0;
    const count = random.between(1, 5);
    for (let index = 0; index < count; index += 1) {
      const next = sentence(random);
      const size = next.length + (sentences.length > 0 ? 1 : 0);
      if (!fits(paragraph + size + 1)) break;
      sentences.push(next);
      paragraph += size;
    }
    if (sentences.length === 0) break;
    content.push({ text: sentences.join(' ') });
    length += paragraph + 1;
  }
  return { content, checklist, list };
}

/** Options of a bulk store (benchmarks). */
export interface BulkNotesOptions {
  notes: number;
  /** Normal folders, spread over the accounts, every third inside another (default 30). */
  folders?: number;
  /** 1 (On My iPhone) or 2 (and iCloud; default). */
  accounts?: 1 | 2;
  /** One note in this many has a table attachment (default 20; 0: none). */
  tableEvery?: number;
  /** One note in this many is locked with {@link BULK_PASSWORD} (default 500; 0: none). */
  lockedEvery?: number;
  generation?: NotesGeneration;
  seed?: number | string;
  wal?: boolean;
}

/** The password of the bulk store's locked notes. */
export const BULK_PASSWORD = 'bulk-password';

/** What a bulk store holds. */
export interface BulkNotesSummary {
  notes: number;
  folders: number;
  accounts: number;
  tables: number;
  checklists: number;
  lists: number;
  locked: number;
  pinned: number;
  inTrash: number;
  /** Notes marked for deletion, written without body. */
  withoutBody: number;
  /** Shortest, longest and total note text (UTF-16 code units). */
  minLength: number;
  maxLength: number;
  characters: number;
}

/**
 * A large store of varied notes (300 to 3,000 characters of words, some with checklists or lists, one in
 * `tableEvery` with a table, a few pinned, locked, deleted or marked for deletion) in one transaction; nothing is
 * kept per note, so memory does not grow with the count.
 */
export function buildBulkNotesDb(path: string, options: BulkNotesOptions): BulkNotesSummary {
  const random = new SeededRandom(options.seed ?? 'bulk-notes');
  const writer = new NotesDbWriter(path, { generation: options.generation, seed: options.seed ?? 'bulk-notes', wal: options.wal });
  const accountCount = options.accounts ?? 2;
  const tableEvery = options.tableEvery ?? 20;
  const lockedEvery = options.lockedEvery ?? 500;
  const accounts = [writer.account({ name: 'On My iPhone', type: 'local' })];
  if (accountCount === 2) accounts.push(writer.account({ name: 'iCloud', type: 'icloud' }));
  const regular: number[] = [];
  const trash: number[] = [];
  for (const account of accounts) {
    regular.push(writer.folder({ title: 'Notes', account, type: 'default' }));
    trash.push(writer.folder({ title: 'Recently Deleted', account, type: 'trash' }));
  }
  const folderCount = options.folders ?? 30;
  const lastTop = new Map<number, number>();
  for (let index = 0; index < folderCount; index += 1) {
    const account = accounts[index % accounts.length]!;
    const parent = index % 3 === 2 ? lastTop.get(account) : undefined;
    const pk = writer.folder({ title: capitalize(words(random, 1, 3)), account, ...(parent !== undefined ? { parent } : {}) });
    if (parent === undefined) lastTop.set(account, pk);
    regular.push(pk);
  }
  const summary: BulkNotesSummary = {
    notes: options.notes,
    folders: regular.length + trash.length,
    accounts: accounts.length,
    tables: 0,
    checklists: 0,
    lists: 0,
    locked: 0,
    pinned: 0,
    inTrash: 0,
    withoutBody: 0,
    minLength: Number.POSITIVE_INFINITY,
    maxLength: 0,
    characters: 0,
  };
  for (let index = 0; index < options.notes; index += 1) {
    const withTable = tableEvery > 0 && index % tableEvery === tableEvery - 1;
    const { content, checklist, list } = bulkContent(random, withTable);
    const inTrash = random.chance(0.01);
    const markedForDeletion = !withTable && random.chance(0.005);
    const locked = !withTable && !markedForDeletion && lockedEvery > 0 && index % lockedEvery === lockedEvery >> 1;
    const pinned = !inTrash && random.chance(0.02);
    const folder = inTrash || markedForDeletion ? random.pick(trash) : random.pick(regular);
    const created = NOTES_BASE_TIME - 86400 * 900 + index * 240;
    const built = writer.note({
      folder,
      content,
      created,
      modified: created + random.int(86400 * 30),
      pinned,
      markedForDeletion,
      noBody: markedForDeletion,
      ...(locked ? { password: BULK_PASSWORD, passwordHint: 'the bulk one' } : {}),
    });
    summary.tables += withTable ? 1 : 0;
    summary.checklists += checklist ? 1 : 0;
    summary.lists += list ? 1 : 0;
    summary.locked += locked ? 1 : 0;
    summary.pinned += pinned ? 1 : 0;
    summary.inTrash += inTrash ? 1 : 0;
    summary.withoutBody += markedForDeletion ? 1 : 0;
    summary.minLength = Math.min(summary.minLength, built.text.length);
    summary.maxLength = Math.max(summary.maxLength, built.text.length);
    summary.characters += built.text.length;
  }
  writer.finish();
  if (options.notes === 0) summary.minLength = 0;
  return summary;
}
