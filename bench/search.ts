// Search benchmark (issue 14, `npm run bench:search`): builds a corpus of at least --docs search documents (2,000,000 by
// default) with the plugins' own bulk builders over three backups, indexes it through the real IndexJobRunner, then runs
// a fixed list of 50 queries through src/search's searchIndex and prints their latency (p50/p95/p99, per query and per
// kind), the index's sizes, and, measured side by side in the same run, the job's ingest rate into the project's full
// schema against the same job into a schema whose search tables keep only their primary keys.
//
// Everything is generated: a seeded PRNG decides every text from (backup, row), so a run is reproducible and nothing is
// held per row (memory does not grow with --docs). Texts mix sentence templates (so phrases occur as phrases) with
// Zipf-distributed words of a vocabulary of a few thousand English words and their inflections, people's names,
// Portuguese and French words with accents, places, phone numbers and emails; contacts carry phone numbers in several
// formats and emails whose handles are the senders of the messages and WhatsApp chats of the same backup.
//
// Databases: ios_backup_bench_search (the corpus; --keep leaves it for exploring), ios_backup_bench_search_ingest_a and
// _b (the ingest comparison), all dropped at the end. Sources are written under os.tmpdir() and removed.
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { pino } from 'pino';
import { container } from 'tsyringe';
import { configurePlugins } from '../plugins.config.js';
import { IndexJobRunner, type DeviceFacts, type IndexJobResult, type JobEvent } from '../src/kernel/job.js';
import type { RegisteredPlugin } from '../src/kernel/plugin.js';
import { inSession, type SqlReader } from '../src/kernel/reader.js';
import { SEARCH_SETTINGS } from '../src/search/search.js';
import { resolvePlugins } from '../src/kernel/registry.js';
import { COCOA_EPOCH_OFFSET_SECONDS } from '../src/kernel/time.js';
import { buildBulkCalendarDb } from '../src/plugins/calendar/testing/build-calendar-db.js';
import { buildBulkAddressBook, builtInLabel, type MultiValueSpec, type PersonSpec } from '../src/plugins/contacts/testing/build-address-book.js';
import { buildBulkSmsDb } from '../src/plugins/messages/testing/build-sms-db.js';
import { buildBulkNotesDb } from '../src/plugins/notes/testing/build-notes-db.js';
import { buildBulkPhotosDb } from '../src/plugins/photos/testing/build-photos-db.js';
import { buildBulkChatStorage } from '../src/plugins/whatsapp/testing/build-chat-storage.js';
import { searchIndex } from '../src/search/search.js';
import type { SearchPage, SearchRequest } from '../src/search/types.js';
import { peakRssMiB, secondsSince } from './measure.js';
import { connect, dropDatabase, quoted, recreateDatabase } from './postgres.js';

const SELF = fileURLToPath(import.meta.url);
const PROJECT_ROOT = resolve(dirname(SELF), '..', '..');
const SERVER = process.env.IOS_BACKUP_BENCH_SEARCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const CORPUS_URL = `${SERVER}/ios_backup_bench_search`;
const INGEST_WITH_URL = `${SERVER}/ios_backup_bench_search_ingest_a`;
const INGEST_WITHOUT_URL = `${SERVER}/ios_backup_bench_search_ingest_b`;
const SEARCH_TABLE = 'artifact_search_index';
const TARGET_P95_MS = 50;

// ------------------------------------------------------------------------------------------------ seeded randomness

/** A 32-bit hash of a few integers (murmur3 finalizer over a running mix). */
function hash32(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = Math.imul(h ^ (value >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Mulberry32: a small fast PRNG; one is seeded per generated row, so a row's text depends on (stream, backup, row) only. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Streams of randomness, so that changing one generator never shifts another's texts. */
const STREAM = { sms: 1, whatsapp: 2, contact: 3, photo: 4, event: 5, person: 6, ingest: 7, shuffle: 8 } as const;

function rowRng(stream: number, backup: number, row: number): Rng {
  return new Rng(hash32(stream, backup, row));
}

// ------------------------------------------------------------------------------------------------ vocabulary

/**
 * English words, roughly in order of how often people write them (the Zipf rank is the position once inflections are
 * added). Verbs and nouns listed in VERBS / NOUNS below also get their inflected forms next to them.
 */
const CORE_WORDS = `
the i you to a and it is that of in for me my on we have be this so just are what do was at
not with your can will if get but all im know its like no yes ok lol good be there up out about
how when go now one time see then love they dont need want come too think back here well day
from really going today tomorrow would should could tonight night home work still much more some
yeah sure thanks thank please call let what make right oh did got by as an or way tell had only
over also after take new nice great sorry our them us home free next why who off where week were
any been said talk fine soon later again morning around something always never maybe last best
little down first long because even thing people ill he she her his him doing done hey bad wait
very early late ready sleep happy feel feeling before many every through into keep same made lot
year years things already yet yesterday weekend friday saturday sunday monday tuesday wednesday
thursday dinner lunch breakfast coffee food money car house place school office phone picture
photo photos video message text number tonight minutes hours hour minute birthday party movie
game train bus plane flight airport hotel trip beach family mom dad brother sister kids baby friend
friends guys girl boy man woman someone everyone anything everything nothing together other another
own old big small few most less better sure true real pretty kind stuff part idea plan question
answer problem reason point side case fact life world city country town road street park store
shop restaurant bar club gym class room door window table bed kitchen bathroom garden water
beer wine tea cake pizza chicken salad bread cheese rice pasta soup dessert chocolate fruit apple
orange banana milk sugar egg eggs meat fish vegetables ice cream hot cold warm weather rain snow
sun sunny cloudy wind storm summer winter spring fall autumn january february march april may june
july august september october november december holiday holidays vacation christmas easter
doctor dentist hospital appointment meeting interview job boss team client project deadline report
email emails invoice receipt bill bills rent account bank card cash price cost cheap expensive
ticket tickets seat seats gate station platform parking garage traffic highway bridge river lake
mountain forest island village downtown center corner block neighborhood apartment building floor
elevator stairs key keys bag wallet passport glasses jacket coat shirt shoes dress hat umbrella
charger battery laptop computer screen printer camera headphones keyboard mouse router password
wifi internet website app update backup file files folder document documents link address map
music song songs concert show tv series episode book books story news article magazine paper
game match score team player coach football soccer basketball tennis golf running yoga swim
dog dogs cat cats pet horse bird birds flowers tree trees grass garden sea ocean wave waves
sand shell shells sunset sunrise sky stars moon cloud clouds hill valley field farm market
museum gallery church castle palace tower square fountain statue theater cinema library
university college student students teacher lesson homework exam exams test grade grades
course semester library notebook pencil pen paper desk chair sofa couch lamp light lights
fridge oven stove microwave sink shower towel soap shampoo toothbrush laundry dishes trash
groceries supermarket bakery pharmacy medicine pills cough fever headache cold flu sick tired
hungry thirsty bored busy quiet loud crazy funny weird strange amazing awesome beautiful lovely
cute gorgeous ugly boring annoying interesting important serious simple easy hard difficult
quick slow fast safe dangerous careful clean dirty fresh dry wet empty full open closed broken
fixed lost found missing ready sorry glad proud worried nervous excited scared angry upset
calm relaxed comfortable favorite perfect terrible horrible awful fantastic wonderful incredible
delicious tasty spicy sweet salty sour bitter healthy heavy light dark bright green blue red
yellow black white pink purple brown gray silver gold golden
`;

const MORE_WORDS = `
anniversary wedding engagement honeymoon reunion graduation ceremony celebration festival carnival
parade fireworks picnic barbecue brunch buffet feast toast cheers congratulations congrats
appetizer entree dumplings noodles sushi ramen tacos burrito burger fries sandwich bagel croissant
muffin pancakes waffles cereal oatmeal yogurt honey jam butter olive olives tomato tomatoes onion
onions garlic pepper peppers salt basil parsley lemon lemons lime avocado mango pineapple
strawberries blueberries cherries grapes peach pear plum watermelon coconut almonds walnuts
peanuts cookies brownies cupcakes pie tart pudding custard caramel vanilla cinnamon ginger mint
espresso cappuccino latte smoothie juice lemonade soda whiskey vodka gin rum cocktail cocktails
champagne prosecco cider lager ale stout bottle glass cup mug plate bowl fork knife spoon napkin
reservation waiter waitress menu tip chef kitchen recipe ingredients oven grill pan pot
harbour harbor marina pier dock ferry boat sailboat yacht kayak canoe surf surfing snorkel
diving scuba cliff cliffs cave caves waterfall canyon desert dune dunes glacier volcano crater
trail trails hike hiking climb climbing summit ridge peak campsite camping tent sleeping backpack
compass flashlight lantern firewood campfire marshmallows binoculars telescope planetarium
aquarium zoo safari elephant giraffe lion tiger zebra monkey penguin dolphin whale shark turtle
octopus jellyfish seal otter fox wolf bear deer rabbit squirrel owl eagle parrot pigeon duck
swan goose chicken rooster cow pig sheep goat donkey pony butterfly bee spider ant mosquito
passenger pilot captain crew conductor driver taxi uber cab subway metro tram shuttle scooter
bicycle bike helmet motorcycle truck van trailer rental mileage fuel gas diesel tire tires
brake brakes engine mechanic garage inspection insurance license registration permit visa
customs immigration embassy consulate border luggage suitcase carry boarding delay delayed
layover connection terminal arrivals departures baggage claim lounge upgrade refund voucher
itinerary booking reservation confirmation receipt checkout checkin concierge lobby suite
balcony terrace rooftop pool sauna spa massage gym treadmill weights dumbbells stretching
pilates marathon race medal trophy tournament league season playoffs final semifinal referee
stadium arena tickets jersey fans crowd halftime overtime penalty goal goals touchdown
homerun inning pitcher batter quarterback striker goalkeeper defender midfielder
guitar piano violin drums trumpet saxophone flute cello orchestra choir band album lyrics
playlist podcast radio speaker speakers microphone stage rehearsal audition premiere
painting sculpture exhibition portrait landscape sketch drawing canvas brush crayons
photographer photography tripod lens zoom selfie filter album albums frame print prints
architecture cathedral basilica chapel monastery abbey temple shrine mosque synagogue ruins
fortress citadel lighthouse windmill vineyard vineyards winery orchard meadow pasture
cottage cabin villa mansion studio loft basement attic garage driveway porch patio fence
mailbox doorbell lock alarm thermostat heater radiator fan fireplace chimney ceiling wall
walls carpet rug curtains blinds pillow pillows blanket sheets mattress closet drawer shelf
shelves cabinet cupboard mirror vase candle candles frame plant plants cactus orchid roses
tulips daisies sunflowers lavender rosemary thyme oregano cilantro dill chives seeds soil
compost hose shovel rake lawn mower hedge ivy moss mushroom mushrooms pumpkin pumpkins
zucchini eggplant cucumber carrot carrots potato potatoes broccoli cauliflower spinach lettuce
kale cabbage celery corn peas beans lentils chickpeas tofu quinoa couscous salmon tuna shrimp
lobster crab oysters mussels clams squid sardines cod trout steak beef pork lamb ham bacon
sausage salami turkey duck meatballs lasagna risotto paella gnocchi ravioli spaghetti pesto
curry kebab falafel hummus pita tortilla nachos salsa guacamole quesadilla enchiladas
pediatrician vet veterinarian nurse surgeon surgery therapist therapy pharmacist prescription
vaccine vaccination checkup allergy allergies rash bruise fracture cast crutches bandage
stitches ambulance emergency clinic symptoms diagnosis treatment recovery insurance deductible
lawyer attorney court judge jury contract contracts agreement lease landlord tenant deposit
mortgage loan interest taxes refund accountant budget savings salary paycheck bonus raise
promotion resignation retirement pension investment stocks shares dividend portfolio crypto
invoice invoices quote estimate payment payments transfer wire balance statement overdraft
manager director colleague colleagues coworker intern assistant receptionist supervisor
employee employees employer recruiter candidate resume portfolio presentation slides
spreadsheet agenda minutes conference webinar workshop seminar training onboarding review
feedback proposal strategy marketing sales revenue profit customers customer supplier vendor
shipment delivery package parcel courier tracking warehouse inventory order orders
software hardware server servers database release version bug bugs feature features
deployment outage incident ticket tickets sprint standup repository branch commit merge
developer developers designer engineer engineers analyst scientist researcher professor
lecture lectures thesis dissertation research experiment laboratory microscope chemistry
physics biology history geography literature philosophy economics mathematics statistics
algebra geometry calculus grammar vocabulary spelling essay essays chapter chapters novel
novels poem poetry author authors editor publisher bookstore bookshop chapter paragraph
newspaper headline journalist interview podcast documentary biography memoir mystery thriller
romance comedy drama horror fantasy fiction cartoon anime trailer sequel prequel remake
neighbor neighbors cousin cousins aunt uncle niece nephew grandma grandpa grandmother
grandfather grandparents parents husband wife boyfriend girlfriend fiance partner roommate
roommates classmate classmates teammate teammates babysitter nanny godmother godfather
toddler twins puppy kitten hamster goldfish parrot aquarium leash collar vet grooming
umbrella raincoat boots sandals sneakers slippers socks scarf gloves mittens sweater hoodie
jeans shorts skirt blouse suit tie belt bracelet necklace earrings ring watch sunglasses
perfume lipstick makeup haircut hairdresser barber salon manicure nails razor lotion
sunscreen sunburn tan mosquito bites itchy sneeze cough coughing fever chills dizzy nauseous
unbelievable ridiculous hilarious adorable brilliant gorgeous stunning spectacular breathtaking
peaceful cozy charming elegant fancy rustic modern ancient medieval historic traditional
typical local foreign international national regional seasonal annual monthly weekly daily
hourly overnight midnight noon afternoon evening dawn dusk sunrise sunset weekday weekends
`;

const RARE_WORDS = `
quokka xylophone marzipan kumquat ocarina zeppelin wombat narwhal axolotl kookaburra
platypus pangolin capybara okapi chinchilla tapir lemur sloth armadillo meerkat
harpsichord theremin bagpipes didgeridoo accordion banjo mandolin ukulele tambourine
origami calligraphy pottery ceramics embroidery crochet knitting quilting woodworking
taxidermy astronomy ornithology geology meteorology archaeology cartography numismatics
philately entomology mycology botany horticulture viticulture apiculture falconry
fjord archipelago atoll lagoon estuary delta plateau tundra savanna steppe mangrove
geyser hot springs stalactites stalagmites catacombs aqueduct amphitheater colosseum
gondola funicular cable car monorail hovercraft catamaran schooner galleon submarine
`;

/** Regular verbs: base, -s, -ed, -ing are all written (purchase, purchases, purchased, purchasing). */
const VERBS = `
walk talk call ask need want look work play start help open visit finish order check book pick
pack clean cook watch wait turn learn listen answer happen remember travel print paint park
rent repair return report request email text post push pull fix miss wish wash rush reach search
touch like love move share close change hope use arrive decide prepare believe create receive
purchase schedule confirm complete delete update upgrade organize celebrate invite promise
practice include manage notice improve bake dance smile taste save serve solve vote replace
note realize refuse reserve trade wave welcome carry hurry worry try apply reply copy study
marry deliver order cancel recommend expect explain offer suggest enjoy stay pray clear
`;

/** More regular verbs, rarer than those above. */
const MORE_VERBS = `
accept achieve add admire admit advise afford agree allow amuse announce annoy appear appreciate approve argue
arrange attach attack attend avoid bathe beg behave belong blame bless boil borrow bounce breathe brush burn
calculate camp care cause challenge charge chase cheer chew choke claim clap collect comb command compare
compete complain concentrate concern connect consider contain count cover crash crawl cross cure cycle damage
deliver depend describe deserve destroy develop disagree disappear discover dislike divide doubt drag dream
drop dress dust earn educate embarrass employ empty encourage end enter entertain escape examine excite excuse
exercise exist expand explore extend fail fasten fax fear fetch fill film fire flash float flood flow fold follow
force form frighten fry gather gaze glow glue grab greet grin guarantee guard guess guide hammer hand handle hang
harm hate haunt head heat hug hum hunt identify ignore imagine impress increase inform inject injure insist
instruct intend interest interrupt introduce invent iron itch jog join joke judge juggle jump kick kneel knit knock
label land last laugh launch lick lift light limit list live load locate long mark match measure melt memorize
mend milk mine moan mourn mug murder nail name nest nod number obey object observe obtain occur offend open
overflow owe own paddle pause peel perform permit phone place plant plug point polish pop possess pour preach
precede prefer present preserve press pretend prevent prick print produce program protect provide pump punch
puncture punish question queue race radiate rain raise record reduce reflect regret reign reject rejoice relax
release rely remain remind remove repeat rescue retire rhyme rinse risk rob rock roll rub ruin rule sail satisfy
scare scatter scold scorch scrape scratch scream screw scribble seal shave shelter shiver shock shop sigh sign
signal sin sip ski skip slap slip slow smash smell smoke snatch sneeze sniff snore snow soak soothe sound spare
spark sparkle spell spill spoil spot spray sprout squash squeak squeal squeeze stain stamp stare steer step stir
stitch store strap strengthen stretch strip stroke stuff subtract succeed suck suffer suit supply support suppose
surprise surround suspect suspend switch tame tap tease telephone tempt terrify test thank thaw tick tickle time
tip tire toast tour tow train transport trap treat tremble trick trip trot trouble trust tumble type undress
unfasten unite unlock unpack untidy vanish wail wander want warm warn waste water weigh whine whip whirl whisper
whistle wink wipe wonder wrap wreck wrestle wriggle yawn yell zip zoom
`;

/** More words, rarer than those above. */
const EXTRA_WORDS = `
about above across actually address adult advice afraid against age ago ahead air alone along already although
among amount animal ankle anybody anyone anyway anywhere apart area arm army art artist attention aunt average
awake away background balance ball band base basket battle bean beauty become bedroom behind below beneath
beside besides beyond bicycle billion bit blood board body bone bonus border bottom box brain branch brave breath
brick bright brilliant budget burden button cabinet cable calendar campaign canal candidate capital career
carpet castle ceiling century certain chain chance channel chapter character charity chart cheek chest chief
choice circle citizen claim classic climate clock coast coin collection colour color column comfort comment
community company competition complex computer condition confidence conflict congress connection consequence
construction content context continent control conversation corner council couple courage court cousin
creature credit crime crisis criticism crowd culture curtain cushion custom cycle daughter dealer death debate
decade decision degree demand department deposit depth desire detail device diamond difference dinner direction
dirt discussion disease distance district dream duty economy edge education effect effort election element
emotion emphasis energy engine entry environment episode equipment error estate evening event evidence
example exchange exercise existence experience expert explanation expression extent failure faith fashion
fault feather feature fee fiction figure finger fish flag flat flavour flavor flesh flight floor focus fog
football force forest fortune foundation frame freedom fridge friendship fruit function fund furniture future
gap gear generation genius gift girlfriend glove goal government grain grandmother grass gravity ground group
growth guest guide guitar habit hair half hall handle harbour heart heaven height hero highway history hobby hole
honey honour horizon horror host household humour hunger hurricane husband ice image impact income industry
infant inflation influence information injury insect inside instance instrument intention internet iron island
issue item jacket journey judgement juice jungle keyboard kid king kingdom kiss knee knowledge label labour
ladder lady language laptop laughter lawn layer leader leaf league leather leg length lesson letter level liberty
lid limit line lip liquid literature loan location logic loss luck machine magic mail majority mankind manner
margin market marriage mask mass master material matter meal meaning measure media memory mention mess metal
method middle midnight military mind mirror mission mistake mixture model moment mood motion motor mouth muscle
mystery nail nation nature neck needle nerve network newspaper noise nose novel nurse object ocean offer officer
oil opinion opportunity option orange order origin outcome outside owner oxygen pace package page pain pair
palace panel parent passage passion past path patience pattern pause payment peace pencil pension period
permission personality phase phrase physics piece pilot pipe planet plastic platform pleasure plenty pocket poem
poet poison police policy politics pollution population position possession possibility post pot potato poverty
powder power practice prayer presence president pressure pride priest prince princess prison prize process
product profession profit progress promise proof property proportion protest public pupil purpose quality
quantity queen quote race radio railway range rate ratio reaction reader reality region relation religion
remark repair reply republic reputation request resource respect response responsibility rest result revenue
reward rhythm rice ring risk rival rock role roof root rope routine rubbish rule safety sail sailor sake salary
sample sauce scale scene schedule scheme science scissors screen sea search secret section security sense sentence
sequence servant service session shade shadow shame shape share sheep shelf shell shelter shift shock shoulder
signal silence silk silver sink situation skill skin skirt slave sleeve slice slope smell smile smoke snake
society soldier solution son sound source space speech speed spirit spite sport spot staff stage standard statement
status steam steel stick stock stomach stone storm strain stranger strength stress string structure style subject
substance success suggestion suit sum supper supply surface surgeon surprise survey sweat symbol sympathy system
talent target task taste tax tear technology telephone temperature tendency tension term territory text theme
theory thief thought thread threat throat thumb tide tin title tobacco toe tone tongue tool tooth topic total touch
tour tourist towel toy track trade tradition traffic tragedy trial trick trouble truck truth tube tune tunnel twin
uncle union unit universe valley value van variety vehicle version victim victory view violence vision visitor
voice volume wage wall war warmth warning wealth weapon wedding weight wheel whisper wind wing winner wire wisdom
witness wood wool worker worth wound youth zone
`;

/** Nouns that also get a plural, when the list above does not already have it. */
const NOUNS = `
meeting restaurant recipe museum purchase receipt journey beach hotel reservation appointment
concert holiday picture candle bottle sandwich cookie dinner lunch breakfast sunset photo email
invoice ticket birthday party trip flight city country church garden island village valley
market bakery painting castle festival neighbor cousin colleague lesson exam wedding
`;

/** Irregular forms, written next to their base (the first word of each group). */
const IRREGULAR = `
go went gone goes, see saw seen sees, eat ate eaten eats, buy bought buys, bring brought brings, think thought thinks,
take took taken takes, make made makes, get got gets, come came comes, leave left leaves, meet met meets, send sent sends,
spend spent spends, pay paid pays, say said says, tell told tells, find found finds, feel felt feels, keep kept keeps,
sleep slept sleeps, drive drove driven drives, write wrote written writes, run ran runs, sit sat sits, stand stood stands,
win won wins, lose lost loses, forget forgot forgotten forgets, begin began begun begins, swim swam swims, fly flew flown flies,
drink drank drinks, sing sang sings, speak spoke spoken speaks, wake woke wakes, break broke broken breaks,
choose chose chosen chooses, wear wore worn wears, teach taught teaches, catch caught catches, sell sold sells,
hear heard hears, hold held holds, child children, person people, man men, woman women, foot feet
`;

/** Words of Portuguese and French (with their accents) and places that people mention. */
const FOREIGN_WORDS = `
café cafés pastéis de nata pão coração amanhã obrigado obrigada também você está não olá saudade
açúcar maçã praia feijão bacalhau caipirinha churrasco pequeno almoço até logo bom dia boa noite
crème brûlée déjà vu très bientôt à château fenêtre élève garçon façade naïve voilà gâteau
crêpe crêpes rosé entrée résumé fiancée soirée bon appétit merci beaucoup ça va croissant baguette
`;

const PLACES = [
  'Sintra', 'Lisboa', 'Lisbon', 'Porto', 'São Paulo', 'Rio de Janeiro', 'Évora', 'Óbidos', 'Coimbra', 'Faro',
  'Cascais', 'Nazaré', 'Madeira', 'Açores', 'Paris', 'Montréal', 'Québec', 'Genève', 'Zürich', 'Nîmes', 'Orléans',
  'Lyon', 'Marseille', 'Bordeaux', 'Nice', 'London', 'Dublin', 'Edinburgh', 'Barcelona', 'Madrid', 'Sevilla',
  'Málaga', 'Rome', 'Florence', 'Venice', 'Milan', 'Naples', 'Berlin', 'Munich', 'Vienna', 'Prague', 'Budapest',
  'Amsterdam', 'Brussels', 'Copenhagen', 'Stockholm', 'Oslo', 'Reykjavík', 'New York', 'Brooklyn', 'Boston',
  'Chicago', 'San Francisco', 'Los Angeles', 'Seattle', 'Portland', 'Austin', 'Denver', 'Miami', 'Tokyo', 'Kyoto',
  'Osaka', 'Seoul', 'Singapore', 'Sydney', 'Melbourne', 'Auckland', 'Cape Town', 'Marrakech', 'Istanbul',
];

const FIRST_NAMES = `
James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph
Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Paul Sandra Steven
Ashley Andrew Emily Kevin Donna Brian Michelle George Carol Edward Amanda Ryan Melissa Jacob Deborah Gary
Stephanie Nicholas Rebecca Eric Laura Jonathan Sharon Stephen Cynthia Larry Kathleen Justin Amy Scott Angela
Brandon Anna Benjamin Ruth Samuel Brenda Frank Pamela Gregory Nicole Alexander Katherine Patrick Samantha Jack
Christine Dennis Emma Tyler Olivia Aaron Sophia Nathan Isabella Henry Chloe Zachary Grace Marco Giulia Luca
Francesca João Inês Gonçalo Conceição Tomás Beatriz Mónica Raquel André Sérgio Zoë François Hélène Amélie
Chloé Léa Théo Jérôme Cécile Noémie René Ana Bruno Chen Dara Elif Farid Greta Hugo Jonas Kenji Lena Marta
Nadia Omar Pia Priya Arjun Yuki Hiroshi Mei Wei Fatima Ahmed Olga Dmitri Sven Ingrid Lars Astrid Pedro Carmen
Diego Lucía Mateo Valentina
`.trim().split(/\s+/);

const LAST_NAMES = `
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis
Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera
Campbell Mitchell Carter Roberts Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Silva Santos
Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Fernandes Gonçalves Gomes Lopes Marques Alves Almeida
Ribeiro Pinto Carvalho Teixeira Moreira Correia Mendes Nunes Soares Vieira Monteiro Cardoso Rocha Dubois
Durand Lefèvre Moreau Laurent Simon Michel Leroy Roux Bertrand Morel Fournier Girard Bonnet Dupont Lambert
Fontaine Rousseau Vincent Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Tanaka
Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kim Park Choi Wang Li Zhang Liu Yang Huang Zhao
Patel Shah Singh Kumar Gupta Nielsen Hansen Jensen Andersen Larsen Johansson Karlsson Nilsson Eriksson
Kowalski Nowak Novak Horvat Popescu Ivanov Petrov Yilmaz Kaya Demir O'Brien Murphy Kelly Sullivan
`.trim().split(/\s+/);

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'tomorrow', 'tonight', 'the weekend'];
const TIMES = ['7', '7:30', '8', '8:30', 'noon', 'six', 'seven', 'eight', '9pm', '10am', 'half past five', 'lunchtime'];
const FOODS = ['pizza', 'sushi', 'tacos', 'ramen', 'pastéis de nata', 'bacalhau', 'crêpes', 'paella', 'burgers', 'curry', 'dumplings', 'crème brûlée'];
const THINGS = ['charger', 'keys', 'passport', 'umbrella', 'laptop', 'tickets', 'wallet', 'jacket', 'headphones', 'receipt', 'invoice', 'cake'];
const EMAIL_DOMAINS = ['gmail.com', 'icloud.com', 'outlook.com', 'yahoo.com', 'example.com', 'sapo.pt', 'orange.fr', 'free.fr'];

function words(text: string): string[] {
  return text.trim().split(/\s+/).filter((word) => word !== '');
}

/** Verbs whose last consonant doubles before -ed and -ing (stop, stopped): one short vowel before it, stressed. */
const DOUBLING = /^[^aeiou]*[aeiou][bdgklmnprtz]$|^(prefer|permit|regret|refer|admit|commit|occur|control|equip|upset)$/;

function verbForms(verb: string): string[] {
  if (/[^aeiou]y$/.test(verb)) return [verb, `${verb.slice(0, -1)}ies`, `${verb.slice(0, -1)}ied`, `${verb}ing`];
  if (DOUBLING.test(verb)) {
    const doubled = `${verb}${verb.slice(-1)}`;
    return [verb, `${verb}s`, `${doubled}ed`, `${doubled}ing`];
  }
  if (verb.endsWith('e')) return [verb, `${verb}s`, `${verb}d`, `${verb.slice(0, -1)}ing`];
  if (/(s|x|ch|sh)$/.test(verb)) return [verb, `${verb}es`, `${verb}ed`, `${verb}ing`];
  return [verb, `${verb}s`, `${verb}ed`, `${verb}ing`];
}

function plural(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** The vocabulary in Zipf rank order: each listed word, with the inflections of verbs and nouns right after it. */
function buildVocabulary(): string[] {
  const verbs = new Set([...words(VERBS), ...words(MORE_VERBS)]);
  const nouns = new Set(words(NOUNS));
  const irregular = new Map<string, string[]>();
  for (const group of IRREGULAR.split(',')) {
    const [base, ...forms] = words(group);
    if (base) irregular.set(base, forms);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (word: string) => {
    if (!seen.has(word)) {
      seen.add(word);
      out.push(word);
    }
  };
  const listed = [...words(CORE_WORDS), ...irregular.keys(), ...words(MORE_WORDS), ...words(VERBS), ...words(NOUNS), ...words(EXTRA_WORDS), ...words(MORE_VERBS), ...words(FOREIGN_WORDS)];
  for (const word of listed) {
    add(word);
    if (verbs.has(word)) for (const form of verbForms(word)) add(form);
    if (nouns.has(word)) add(plural(word));
    for (const form of irregular.get(word) ?? []) add(form);
  }
  return out;
}

const VOCABULARY = buildVocabulary();
const RARE = words(RARE_WORDS);

/** Zipf sampler over the vocabulary (exponent 1.05): a cumulative table and a binary search. */
class Zipf {
  private readonly cumulative: Float64Array;

  constructor(private readonly items: readonly string[], exponent: number) {
    this.cumulative = new Float64Array(items.length);
    let total = 0;
    for (let rank = 0; rank < items.length; rank += 1) {
      total += 1 / (rank + 1) ** exponent;
      this.cumulative[rank] = total;
    }
    for (let rank = 0; rank < items.length; rank += 1) this.cumulative[rank]! /= total;
  }

  sample(rng: Rng): string {
    const u = rng.next();
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid]! < u) low = mid + 1;
      else high = mid;
    }
    return this.items[low]!;
  }
}

const ZIPF = new Zipf(VOCABULARY, 1.05);

// ------------------------------------------------------------------------------------------------ people and identities

/** A person of one backup's world: the contact, and the handles that send messages and WhatsApp chats. */
interface Person {
  first: string;
  last: string;
  /** E.164, e.g. `+14155550132`. */
  phone: string;
  /** How the address book stores the phone (one of several formats). */
  phoneAsStored: string;
  /** Lower-case email, as Messages stores an email handle. */
  email: string;
  /** How the address book stores the email (case as typed). */
  emailAsStored: string;
  organization: string | null;
}

/**
 * People the fixed queries look for, contacts 1-4 of every backup: their phones are SMS handles 1-4 and WhatsApp
 * chats 0-3, their emails SMS handles 5-8 (iMessage over email).
 */
const FEATURED: readonly Person[] = [
  { first: 'Marco', last: 'Rossi', phone: '+14155550132', phoneAsStored: '+1 (415) 555-0132', email: 'marco.rossi@example.com', emailAsStored: 'Marco.Rossi@Example.com', organization: 'Rossi & Figli' },
  { first: 'Inês', last: 'Carvalho', phone: '+351912345678', phoneAsStored: '+351 912 345 678', email: 'ines.carvalho@sapo.pt', emailAsStored: 'ines.carvalho@sapo.pt', organization: null },
  { first: 'François', last: 'Dubois', phone: '+33612345678', phoneAsStored: '+33 6 12 34 56 78', email: 'francois.dubois@orange.fr', emailAsStored: 'Francois.Dubois@orange.fr', organization: 'Atelier Dubois' },
  { first: 'Zoë', last: 'Whitaker', phone: '+12125550199', phoneAsStored: '212-555-0199', email: 'zoe.whitaker@icloud.com', emailAsStored: 'zoe.whitaker@icloud.com', organization: null },
];

const US_AREAS = ['201', '206', '212', '213', '305', '310', '312', '404', '415', '503', '512', '617', '646', '702', '718', '801', '917', '973'];

function ascii(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z]/g, '').toLowerCase();
}

function digitsOf(value: number, length: number): string {
  return String(value % 10 ** length).padStart(length, '0');
}

/** Person k (1-based) of backup b: featured for k <= 4, else drawn from the names with a phone of three countries. */
function personOf(backup: number, k: number): Person {
  if (k <= FEATURED.length) return FEATURED[k - 1]!;
  const rng = rowRng(STREAM.person, backup, k);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  // k * 7,654,321 is a bijection modulo 10^6 and 10^7 (the factor is prime to 10): numbers of distinct people never meet.
  const serial = (k * 7_654_321 + backup * 1_000_003) % 10_000_000;
  const country = rng.next();
  let phone: string;
  let phoneAsStored: string;
  if (country < 0.7) {
    const area = rng.pick(US_AREAS);
    const six = digitsOf(serial, 6);
    const exchange = `${2 + (hash32(k, backup) % 8)}${six.slice(0, 2)}`;
    const line = six.slice(2);
    phone = `+1${area}${exchange}${line}`;
    phoneAsStored = rng.pick([
      `+1 (${area}) ${exchange}-${line}`,
      `(${area}) ${exchange}-${line}`,
      `${area}-${exchange}-${line}`,
      `${area}.${exchange}.${line}`,
      `+1${area}${exchange}${line}`,
      `1 ${area} ${exchange} ${line}`,
    ]);
  } else if (country < 0.85) {
    const mobile = `9${rng.pick(['1', '2', '3', '6'])}${digitsOf(serial, 7)}`;
    phone = `+351${mobile}`;
    phoneAsStored = rng.pick([`+351 ${mobile.slice(0, 3)} ${mobile.slice(3, 6)} ${mobile.slice(6)}`, `+351${mobile}`, `00351 ${mobile}`]);
  } else {
    const mobile = `${rng.pick(['6', '7'])}${digitsOf(serial, 8)}`;
    const pairs = mobile.slice(1).match(/../g)!.join(' ');
    phone = `+33${mobile}`;
    phoneAsStored = rng.pick([`+33 ${mobile[0]} ${pairs}`, `+33 (0)${mobile[0]} ${pairs}`, `+33${mobile}`]);
  }
  // Every generated email carries k, so two people never share one (the featured ones carry none).
  const local = rng.pick([`${ascii(first)}.${ascii(last)}${k}`, `${ascii(first)}${k}`, `${ascii(first).charAt(0)}${ascii(last)}${k}`]);
  const domain = rng.pick(EMAIL_DOMAINS);
  const email = `${local}@${domain}`;
  const emailAsStored = rng.chance(0.3) ? `${capitalize(local)}@${capitalize(domain)}` : email;
  return { first, last, phone, phoneAsStored, email, emailAsStored, organization: rng.chance(0.15) ? `${last} ${rng.pick(['Consulting', 'Bakery', 'Studio', 'Lda', 'SARL', 'Inc', 'Design'])}` : null };
}

/** SMS handle h (1-based): the featured phones, then their emails, then person h - 4's phone or (every fifth) email. */
function smsHandleOf(backup: number, h: number): string {
  const featured = FEATURED.length;
  if (h <= featured) return FEATURED[h - 1]!.phone;
  if (h <= 2 * featured) return FEATURED[h - featured - 1]!.email;
  const person = personOf(backup, h - featured);
  return h % 5 === 0 ? person.email : person.phone;
}

function contactOf(backup: number, rowid: number): PersonSpec {
  const person = personOf(backup, rowid);
  const rng = rowRng(STREAM.contact, backup, rowid);
  const values: MultiValueSpec[] = [
    { kind: 'phone', label: builtInLabel(rng.pick(['Mobile', 'iPhone', 'Home', 'Work'])), value: person.phoneAsStored },
    { kind: 'email', label: builtInLabel(rng.pick(['Home', 'Work', 'Other'])), value: person.emailAsStored },
  ];
  if (rng.chance(0.2)) values.push({ kind: 'phone', label: builtInLabel('Work'), value: `+1 (${rng.pick(US_AREAS)}) 555-${digitsOf(rowid, 4)}` });
  const created = Date.UTC(2016, 0, 1) + rowid * 3_600_000 + backup * 86_400_000;
  return {
    first: person.first,
    last: person.last,
    organization: person.organization,
    note: rng.chance(0.05) ? sentence(rng, 4, 12) : null,
    created: new Date(created),
    modified: new Date(created + rng.int(400) * 86_400_000),
    values,
  };
}

// ------------------------------------------------------------------------------------------------ texts

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function phoneInText(rng: Rng, person: Person): string {
  const national = person.phone.startsWith('+1') ? person.phone.slice(2) : person.phone.slice(person.phone.startsWith('+351') ? 4 : 3);
  return rng.pick([
    person.phone,
    person.phoneAsStored,
    national.length === 10 ? `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}` : national,
    national.length === 10 ? `(${national.slice(0, 3)}) ${national.slice(3, 6)} ${national.slice(6)}` : `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`,
  ]);
}

/** A run of Zipf words with an occasional name, place, number, foreign word or rare word. */
function sentence(rng: Rng, min: number, max: number): string {
  const count = rng.between(min, max);
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const roll = rng.next();
    if (roll < 0.02) out.push(rng.pick(FIRST_NAMES));
    else if (roll < 0.03) out.push(rng.pick(PLACES));
    else if (roll < 0.037) out.push(String(rng.between(2, 120)));
    else if (roll < 0.04) out.push(rng.pick(words(FOREIGN_WORDS)));
    else out.push(ZIPF.sample(rng));
  }
  return out.join(' ');
}

type Template = (rng: Rng, backup: number) => string;

/** Sentences people send, with slots: phrases such as "see you tomorrow" or "running late" occur word for word. */
const TEMPLATES: readonly Template[] = [
  (r) => `see you ${r.pick(DAYS)}`,
  (r) => `see you tomorrow at ${r.pick(TIMES)}`,
  (r) => `call me when you land`,
  (r) => `running late, be there in ${r.between(5, 40)} minutes`,
  (r) => `dinner at ${r.pick(TIMES)} on ${r.pick(DAYS)}?`,
  (r) => `happy birthday ${r.pick(FIRST_NAMES)}! hope you have a wonderful day`,
  (r) => `did you ${r.pick(['book', 'check', 'confirm', 'cancel', 'pay'])} the ${r.pick(['hotel', 'restaurant', 'flight', 'tickets', 'reservation', 'appointment'])}?`,
  (r) => `I ${r.pick(['purchased', 'bought', 'ordered', 'returned'])} ${r.between(2, 6)} ${r.pick(['tickets', 'books', 'plants', 'candles', 'bottles'])} ${r.pick(['yesterday', 'today', 'online', 'at the market'])}`,
  (r) => `the purchase of the ${r.pick(['car', 'house', 'apartment', 'sofa', 'laptop'])} is ${r.pick(['done', 'confirmed', 'delayed', 'cancelled'])}`,
  (r) => `we are purchasing ${r.pick(['the tickets', 'a new fridge', 'the flights', 'groceries'])} ${r.pick(DAYS)}`,
  (r) => `let's meet at the café near ${r.pick(PLACES)}`,
  (r) => `the ${r.pick(['museum', 'castle', 'beach', 'market', 'palace', 'restaurant'])} in ${r.pick(PLACES)} was ${r.pick(['amazing', 'closed', 'crowded', 'beautiful', 'incredible'])}`,
  (r) => `bring the ${r.pick(THINGS)} please`,
  (r) => `don't forget the ${r.pick(THINGS)}`,
  (r) => `we had ${r.pick(FOODS)} for ${r.pick(['dinner', 'lunch', 'breakfast'])}, ${r.pick(['delicious', 'so good', 'not bad', 'amazing'])}`,
  (r) => `the train is late again`,
  (r) => `the train to ${r.pick(PLACES)} leaves at ${r.pick(TIMES)}`,
  (r) => `thanks for ${r.pick(['dinner', 'the ride', 'the photos', 'everything', 'the gift', 'yesterday'])}!`,
  (r) => `are you free ${r.pick(DAYS)}?`,
  (r) => `meeting moved to ${r.pick(DAYS)} ${r.pick(['morning', 'afternoon', 'evening'])}`,
  (r) => `tell ${r.pick(FIRST_NAMES)} I said hi`,
  (r) => `${r.pick(['obrigado', 'obrigada', 'merci beaucoup', 'thanks'])}! ${r.pick(['até amanhã', 'à bientôt', 'see you soon', 'bom dia'])}`,
  (r) => `os pastéis de nata em ${r.pick(['Belém', 'Sintra', 'Lisboa', 'São Paulo'])} são os melhores`,
  (r) => `on se retrouve au café à ${r.pick(['Paris', 'Montréal', 'Lyon', 'Genève'])} ${r.pick(['demain', 'ce soir', 'samedi'])}`,
  (r) => `parking garage level ${r.between(1, 6)}`,
  (r) => `happy anniversary! ${r.pick(['love you', 'so proud of us', 'here is to many more'])}`,
  (r, b) => `my new number is ${phoneInText(r, personOf(b, r.between(5, 5000)))}`,
  (r, b) => `you can reach ${r.pick(FIRST_NAMES)} at ${phoneInText(r, personOf(b, r.between(5, 5000)))}`,
  (r, b) => `send it to ${personOf(b, r.between(5, 5000)).email}`,
  (r) => `walked ${r.between(3, 25)} km ${r.pick(['today', 'along the river', 'in Sintra', 'to the beach'])}`,
  (r) => `we are walking to the ${r.pick(['station', 'beach', 'market', 'museum'])} now`,
  (r) => `the meetings ${r.pick(['today', 'this week', 'on monday'])} were ${r.pick(['long', 'useful', 'boring', 'cancelled'])}`,
];

/** Rare words are planted at known rates, so "rare" queries have few hits (tens, not hundreds). */
function withRare(rng: Rng, text: string): string {
  if (rng.chance(1 / 120_000)) return `${text} ${RARE[0]}`; // quokka
  if (rng.chance(1 / 60_000)) return `${text} ${RARE[1]}`; // xylophone
  if (rng.chance(1 / 3_000)) return `${text} ${rng.pick(RARE)}`;
  return text;
}

/** SMS/iMessage text of message i of backup b. */
function smsText(backup: number, index: number): string {
  const rng = rowRng(STREAM.sms, backup, index);
  let text: string;
  if (rng.chance(0.38)) text = rng.pick(TEMPLATES)(rng, backup);
  else text = capitalize(sentence(rng, 2, 22)) + rng.pick(['', '', '.', '.', '?', '!', ' :)', ' lol']);
  if (rng.chance(1 / 25_000)) text = `Marco's number is ${rng.pick(['415-555-0132', '(415) 555-0132', '+1 415 555 0132'])}`;
  return withRare(rng, text);
}

function whatsappText(backup: number, index: number): string {
  const rng = rowRng(STREAM.whatsapp, backup, index);
  let text: string;
  if (rng.chance(0.3)) text = rng.pick(TEMPLATES)(rng, backup);
  else text = capitalize(sentence(rng, 1, 30));
  return withRare(rng, text);
}

const PHOTO_SUBJECTS = ['Sunset', 'Beach day', 'Dinner', 'Birthday party', 'Museum', 'Castle', 'Hiking', 'Market', 'Wedding', 'Concert', 'Garden', 'Harbour'];

function photoTitle(backup: number, index: number): string | null {
  const rng = rowRng(STREAM.photo, backup, index);
  return rng.chance(0.15) ? `${rng.pick(PHOTO_SUBJECTS)} in ${rng.pick(PLACES)}` : null;
}

function photoCaption(backup: number, index: number): string | null {
  const rng = rowRng(STREAM.photo, backup, index + 1_000_000_000);
  return rng.chance(0.1) ? capitalize(sentence(rng, 3, 12)) : null;
}

const EVENT_KINDS = ['Dinner with', 'Lunch with', 'Call with', 'Meeting with', 'Coffee with', 'Dentist', 'Doctor appointment', 'Flight to', 'Train to', 'Birthday of', 'Yoga', 'Team standup'];

function eventSummary(backup: number, rowid: number): string {
  const rng = rowRng(STREAM.event, backup, rowid);
  const kind = rng.pick(EVENT_KINDS);
  if (kind.endsWith('with') || kind === 'Birthday of') return `${kind} ${rng.pick(FIRST_NAMES)}`;
  if (kind.endsWith('to')) return `${kind} ${rng.pick(PLACES)}`;
  return kind;
}

function eventDescription(backup: number, rowid: number): string | null {
  const rng = rowRng(STREAM.event, backup, rowid + 1_000_000_000);
  return rng.chance(0.4) ? capitalize(sentence(rng, 4, 20)) : null;
}

// ------------------------------------------------------------------------------------------------ the corpus plan

/** What one backup of the corpus holds, and over which dates. */
interface BackupPlan {
  index: number;
  id: string;
  smsMessages: number;
  whatsappMessages: number;
  contacts: number;
  photos: number;
  notes: number;
  events: number;
  from: Date;
  to: Date;
}

/** Shares of the documents per domain, and documents per source row (reactions and media without caption have none). */
const MIX = { sms: 0.65, whatsapp: 0.25, contacts: 0.05, photos: 0.025, notes: 0.015, calendar: 0.015 };
const SMS_DOCS_PER_ROW = 39 / 40;
const WHATSAPP_DOCS_PER_ROW = 0.949;
const BACKUP_SHARES = [0.4, 0.35, 0.25];
const BACKUP_SPANS: ReadonlyArray<readonly [string, string]> = [
  ['2019-01-01T00:00:00Z', '2021-12-31T00:00:00Z'],
  ['2021-06-01T00:00:00Z', '2024-05-31T00:00:00Z'],
  ['2023-01-01T00:00:00Z', '2025-11-30T00:00:00Z'],
];

/** Source rows per backup so that the documents reach `docs` (with 1% to spare). */
function planCorpus(docs: number): BackupPlan[] {
  const want = docs * 1.01;
  return BACKUP_SHARES.map((share, index) => ({
    index,
    id: `bench-search-${index + 1}`,
    smsMessages: Math.ceil((want * MIX.sms * share) / SMS_DOCS_PER_ROW),
    whatsappMessages: Math.ceil((want * MIX.whatsapp * share) / WHATSAPP_DOCS_PER_ROW),
    contacts: Math.max(FEATURED.length + 1, Math.ceil(want * MIX.contacts * share)),
    photos: Math.ceil(want * MIX.photos * share),
    notes: Math.ceil(want * MIX.notes * share),
    events: Math.ceil(want * MIX.calendar * share),
    from: new Date(BACKUP_SPANS[index]![0]),
    to: new Date(BACKUP_SPANS[index]![1]),
  }));
}

function cocoaSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000) - COCOA_EPOCH_OFFSET_SECONDS;
}

function spanSeconds(plan: BackupPlan): number {
  return (plan.to.getTime() - plan.from.getTime()) / 1000;
}

/** Artifact files of one backup, keyed by plugin id. */
type Sources = Record<string, string>;

/** Writes the six sources of a backup with the plugins' bulk builders; returns their paths. */
function buildBackupSources(plan: BackupPlan, folder: string, log: (line: string) => void): Sources {
  mkdirSync(folder, { recursive: true });
  const b = plan.index;
  const sources: Sources = {};
  const timed = (plugin: string, file: string, build: (path: string) => void) => {
    const path = join(folder, file);
    const started = process.hrtime.bigint();
    build(path);
    log(`  ${plan.id}: built ${file} (${(statSync(path).size / 1048576).toFixed(0)} MiB) in ${secondsSince(started).toFixed(1)} s`);
    sources[plugin] = path;
  };
  const handles = Math.min(2000, plan.contacts + FEATURED.length);
  timed('messages', 'sms.db', (path) =>
    buildBulkSmsDb(path, {
      messages: plan.smsMessages,
      chats: Math.min(1000, handles),
      handles,
      withAttributedBody: true,
      text: (i) => smsText(b, i),
      handleId: (h) => smsHandleOf(b, h),
      start: plan.from,
      stepSeconds: spanSeconds(plan) / plan.smsMessages,
    }),
  );
  const chats = Math.min(500, plan.contacts);
  timed('whatsapp', 'ChatStorage.sqlite', (path) =>
    buildBulkChatStorage(path, {
      messages: plan.whatsappMessages,
      mediaItems: Math.floor(plan.whatsappMessages / 10),
      chats,
      text: (i) => whatsappText(b, i),
      contactJid: (i) => `${personOf(b, i + 1).phone.slice(1)}@s.whatsapp.net`,
      partnerName: (i) => {
        const person = personOf(b, i + 1);
        return i % 3 === 2 ? person.first : `${person.first} ${person.last}`;
      },
      start: cocoaSeconds(plan.from),
      stepSeconds: Math.max(1, Math.floor(spanSeconds(plan) / plan.whatsappMessages)),
    }),
  );
  timed('contacts', 'AddressBook.sqlitedb', (path) =>
    buildBulkAddressBook(path, { people: plan.contacts, valuesPerPerson: 2, person: (rowid) => contactOf(b, rowid) }),
  );
  timed('photos', 'Photos.sqlite', (path) =>
    buildBulkPhotosDb(path, {
      assets: plan.photos,
      albums: 60,
      membershipsPerAsset: 1,
      title: (i) => photoTitle(b, i),
      caption: (i) => photoCaption(b, i),
      places: PLACES.slice(0, 50),
      start: cocoaSeconds(plan.from),
      stepSeconds: Math.max(1, Math.floor(spanSeconds(plan) / plan.photos)),
    }),
  );
  timed('notes', 'NoteStore.sqlite', (path) => buildBulkNotesDb(path, { notes: plan.notes, folders: 30, seed: `bench-search-${b}` }));
  timed('calendar', 'Calendar.sqlitedb', (path) =>
    buildBulkCalendarDb(path, {
      events: plan.events,
      calendars: 6,
      attendeesPerEvent: 2,
      recurringEvery: 10,
      locatedEvery: 3,
      summary: (rowid) => eventSummary(b, rowid),
      description: (rowid) => eventDescription(b, rowid),
    }),
  );
  return sources;
}

// ------------------------------------------------------------------------------------------------ running the job

/** Every registered plugin, each enabled: the corpus spans all six domains. */
function allPlugins(): RegisteredPlugin[] {
  const child = container.createChildContainer();
  configurePlugins(child);
  return resolvePlugins(child).map((plugin) => ({ ...plugin, enabled: true }));
}

/** A step the job logged with its duration (pino `step` and `durationMs`), other than a plugin's own outcome. */
interface LoggedStep {
  step: string;
  durationMs: number;
  plugin?: string;
  fields: Record<string, unknown>;
}

/** One job's outcome as the benchmark keeps it. */
interface JobRun {
  backupId: string;
  seconds: number;
  searchDocuments: number;
  docsPerSecond: number;
  peakRssMiB: number;
  plugins: Array<{ id: string; status: string; seconds: number; searchDocuments: number; rows: Record<string, number> }>;
  /** Steps the job logged with a duration (ANALYZE, search-index steps if the job reports them). */
  steps: LoggedStep[];
  /** Seconds from the job's `finishing` event (every plugin done) to its end: commit, post-load steps, ANALYZE. */
  afterPluginsSeconds: number | null;
  /** Events of types this benchmark does not know (a newer job's steps), with their time since the job started. */
  otherEvents: Array<{ atSeconds: number; event: Record<string, unknown> }>;
}

const KNOWN_EVENTS = new Set(['opened', 'waiting', 'indexing', 'plugin-skipped', 'source-started', 'source-rows', 'source-finished', 'finishing']);

/** Steps whose names say they belong to search indexing. */
const SEARCH_STEP = /search|term|lexi|identit|handle|trgm|trigram|gin|vector|reindex|index-build|build-index/i;

/** The device's own facts: a US Phone Number, so national numbers in the address book are read as US ones. */
function deviceOf(backup: number): DeviceFacts {
  return { deviceName: `Bench iPhone ${backup + 1}`, productType: 'iPhone15,2', productVersion: '17.5', phoneNumber: `+1 (646) 555-01${digitsOf(backup, 2)}` };
}

async function runJob(orm: MikroORM, plugins: readonly RegisteredPlugin[], backupId: string, artifacts: Sources, device: DeviceFacts): Promise<JobRun> {
  const steps: LoggedStep[] = [];
  const logger = pino(
    { level: 'info', base: null },
    {
      write(line: string) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (typeof entry.step === 'string' && typeof entry.durationMs === 'number' && entry.step !== 'plugin' && entry.step !== 'indexed') {
            const { step, durationMs, plugin, level: _level, time: _time, msg: _msg, ...fields } = entry;
            steps.push({ step, durationMs, ...(typeof plugin === 'string' ? { plugin } : {}), fields: { ...fields, msg: entry.msg } });
          }
        } catch {
          // not a JSON line: nothing to keep
        }
      },
    },
  );
  const otherEvents: JobRun['otherEvents'] = [];
  let finishingAt: bigint | null = null;
  const started = process.hrtime.bigint();
  const onEvent = (event: JobEvent) => {
    if (event.type === 'finishing') finishingAt = process.hrtime.bigint();
    if (!KNOWN_EVENTS.has(event.type)) otherEvents.push({ atSeconds: secondsSince(started), event: event as unknown as Record<string, unknown> });
  };
  const runner = new IndexJobRunner({ orm, plugins, logger, onEvent });
  const result: IndexJobResult = await runner.run({ backupId, artifacts, device });
  const seconds = secondsSince(started);
  const failed = result.plugins.filter((plugin) => plugin.status === 'failed');
  if (failed.length > 0) throw new Error(`job ${backupId}: ${failed.map((plugin) => `${plugin.id}: ${plugin.error}`).join('; ')}`);
  return {
    backupId,
    seconds,
    searchDocuments: result.searchDocuments,
    docsPerSecond: result.searchDocuments / seconds,
    peakRssMiB: peakRssMiB(),
    plugins: result.plugins.map((plugin) => ({
      id: plugin.id,
      status: plugin.status,
      seconds: plugin.durationMs / 1000,
      searchDocuments: plugin.searchDocuments,
      rows: plugin.rows,
    })),
    steps,
    afterPluginsSeconds: finishingAt === null ? null : Number(process.hrtime.bigint() - finishingAt) / 1e9,
    otherEvents,
  };
}

function describeSteps(run: JobRun): string {
  const parts = run.steps.map((step) => `${step.step}${step.plugin ? `(${step.plugin})` : ''} ${(step.durationMs / 1000).toFixed(2)} s${SEARCH_STEP.test(step.step) ? ' [search]' : ''}`);
  if (run.afterPluginsSeconds !== null) parts.push(`after plugins (commit, post-load steps, ANALYZE) ${run.afterPluginsSeconds.toFixed(2)} s`);
  for (const other of run.otherEvents) parts.push(`event ${String(other.event.type)} at ${other.atSeconds.toFixed(2)} s`);
  return parts.length === 0 ? 'no timed steps reported' : parts.join('; ');
}

// ------------------------------------------------------------------------------------------------ schema facts

/** Tables of the search index: artifact_search_index and any auxiliary search table (a term lexicon, ...). */
async function searchTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND (c.relname = $1 OR c.relname LIKE '%search%')
      ORDER BY c.relname <> $1, c.relname`,
    [SEARCH_TABLE],
  );
  return rows.map((row) => row.name);
}

interface IndexFact {
  table: string;
  index: string;
  definition: string;
  /** Backs a primary key or unique constraint. */
  constraint: boolean;
  bytes: number;
}

async function indexesOf(client: pg.Client, tables: readonly string[]): Promise<IndexFact[]> {
  const { rows } = await client.query<{ table: string; index: string; definition: string; constraint: boolean; bytes: string }>(
    `SELECT i.tablename AS table, i.indexname AS index, i.indexdef AS definition,
            EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass) AS constraint,
            pg_relation_size(format('%I.%I', i.schemaname, i.indexname)::regclass) AS bytes
       FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename = ANY($1) ORDER BY i.tablename, i.indexname`,
    [tables],
  );
  return rows.map((row) => ({ ...row, bytes: Number(row.bytes) }));
}

/** Drops every index of the search tables that backs no primary key or unique constraint; returns what it dropped. */
async function dropSearchIndexes(databaseUrl: string): Promise<{ dropped: IndexFact[]; kept: IndexFact[] }> {
  const client = await connect(databaseUrl);
  try {
    const indexes = await indexesOf(client, await searchTables(client));
    const dropped = indexes.filter((index) => !index.constraint);
    for (const index of dropped) await client.query(`DROP INDEX public.${quoted(index.index)}`);
    return { dropped, kept: indexes.filter((index) => index.constraint) };
  } finally {
    await client.end();
  }
}

interface TableFacts {
  table: string;
  rows: number;
  /** pg_table_size: heap, TOAST, free space and visibility maps. */
  tableBytes: number;
  indexesBytes: number;
  totalBytes: number;
  indexes: IndexFact[];
}

interface SizeFacts {
  documents: number;
  documentsByType: Record<string, number>;
  documentsByBackup: Record<string, number>;
  tables: TableFacts[];
  databaseBytes: number;
}

async function sizeFacts(client: pg.Client): Promise<SizeFacts> {
  const tables: TableFacts[] = [];
  for (const table of await searchTables(client)) {
    const { rows } = await client.query<{ rows: string; table_bytes: string; indexes_bytes: string; total_bytes: string }>(
      `SELECT (SELECT count(*) FROM public.${quoted(table)}) AS rows, pg_table_size($1::regclass) AS table_bytes,
              pg_indexes_size($1::regclass) AS indexes_bytes, pg_total_relation_size($1::regclass) AS total_bytes`,
      [`public.${quoted(table)}`],
    );
    const row = rows[0]!;
    tables.push({
      table,
      rows: Number(row.rows),
      tableBytes: Number(row.table_bytes),
      indexesBytes: Number(row.indexes_bytes),
      totalBytes: Number(row.total_bytes),
      indexes: await indexesOf(client, [table]),
    });
  }
  const byType = await client.query<{ key: string; n: string }>(`SELECT type AS key, count(*) AS n FROM ${SEARCH_TABLE} GROUP BY 1 ORDER BY 2 DESC`);
  const byBackup = await client.query<{ key: string; n: string }>(`SELECT backup_id AS key, count(*) AS n FROM ${SEARCH_TABLE} GROUP BY 1 ORDER BY 1`);
  const database = await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
  return {
    documents: tables.find((table) => table.table === SEARCH_TABLE)?.rows ?? 0,
    documentsByType: Object.fromEntries(byType.rows.map((row) => [row.key, Number(row.n)])),
    documentsByBackup: Object.fromEntries(byBackup.rows.map((row) => [row.key, Number(row.n)])),
    tables,
    databaseBytes: Number(database.rows[0]!.bytes),
  };
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

// ------------------------------------------------------------------------------------------------ the queries

type QueryKind =
  | 'word-rare'
  | 'word-medium'
  | 'word-common'
  | 'phrase'
  | 'prefix'
  | 'partial'
  | 'excluded'
  | 'accent'
  | 'inflected'
  | 'phone'
  | 'email'
  | 'contact-name'
  | 'by-type'
  | 'by-date'
  | 'by-backup';

interface BenchQuery {
  kind: QueryKind;
  text: string;
  types?: string[];
  from?: string;
  to?: string;
  backupIds?: string[];
}

/** The fixed 50 queries. Featured people and planted words are those of the generators above. */
const QUERIES: readonly BenchQuery[] = [
  { kind: 'word-rare', text: 'quokka' },
  { kind: 'word-rare', text: 'xylophone' },
  { kind: 'word-rare', text: 'narwhal' },
  { kind: 'word-medium', text: 'museum' },
  { kind: 'word-medium', text: 'receipt' },
  { kind: 'word-medium', text: 'umbrella' },
  { kind: 'word-medium', text: 'Sintra' },
  { kind: 'word-common', text: 'dinner' },
  { kind: 'word-common', text: 'tomorrow' },
  { kind: 'word-common', text: 'you' },
  { kind: 'word-common', text: 'the' },
  { kind: 'phrase', text: '"see you tomorrow"' },
  { kind: 'phrase', text: '"call me when you land"' },
  { kind: 'phrase', text: '"the train is late again"' },
  { kind: 'phrase', text: '"pastéis de nata"' },
  { kind: 'prefix', text: 'purch*' },
  { kind: 'prefix', text: 'resta*' },
  { kind: 'prefix', text: 'xylo*' },
  { kind: 'prefix', text: 'birthd*' },
  { kind: 'partial', text: 'ntra' },
  { kind: 'partial', text: 'aulo' },
  { kind: 'partial', text: 'ylopho' },
  { kind: 'partial', text: 'arvalh' },
  { kind: 'excluded', text: 'dinner -friday' },
  { kind: 'excluded', text: 'train -late' },
  { kind: 'excluded', text: '"see you" -tomorrow' },
  { kind: 'accent', text: 'cafe' },
  { kind: 'accent', text: 'pasteis' },
  { kind: 'accent', text: 'Sao Paulo' },
  { kind: 'accent', text: 'creme brulee' },
  { kind: 'inflected', text: 'purchases' },
  { kind: 'inflected', text: 'walked' },
  { kind: 'inflected', text: 'meetings' },
  { kind: 'phone', text: '+1 (415) 555-0132' },
  { kind: 'phone', text: '4155550132' },
  { kind: 'phone', text: '415-555-0132' },
  { kind: 'phone', text: '+351 912 345 678' },
  { kind: 'email', text: 'marco.rossi@example.com' },
  { kind: 'email', text: 'Francois.Dubois@orange.fr' },
  { kind: 'contact-name', text: 'Marco Rossi' },
  { kind: 'contact-name', text: 'Ines Carvalho' },
  { kind: 'by-type', text: 'dinner', types: ['message'] },
  { kind: 'by-type', text: 'birthday', types: ['whatsapp_message'] },
  { kind: 'by-type', text: 'Rossi', types: ['contact'] },
  { kind: 'by-type', text: 'beach', types: ['photo', 'note', 'event'] },
  { kind: 'by-date', text: 'dinner', from: '2021-03-01T00:00:00Z', to: '2021-03-31T23:59:59Z' },
  { kind: 'by-date', text: 'train', from: '2023-01-01T00:00:00Z', to: '2023-12-31T23:59:59Z' },
  { kind: 'by-date', text: 'tomorrow', types: ['message'], from: '2022-06-01T00:00:00Z', to: '2022-06-30T23:59:59Z' },
  { kind: 'by-date', text: 'the', from: '2025-11-01T00:00:00Z', to: '2025-11-30T23:59:59Z' },
  { kind: 'by-backup', text: 'café', backupIds: ['bench-search-2'] },
];

const LIMIT = 20;

function requestOf(query: BenchQuery): SearchRequest {
  return {
    text: query.text,
    limit: LIMIT,
    ...(query.types ? { types: query.types } : {}),
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
    ...(query.backupIds ? { backupIds: query.backupIds } : {}),
  };
}

function describeQuery(query: BenchQuery): string {
  const filters: string[] = [];
  if (query.types) filters.push(`types=${query.types.join(',')}`);
  if (query.from || query.to) filters.push(`${(query.from ?? '').slice(0, 10)}..${(query.to ?? '').slice(0, 10)}`);
  if (query.backupIds) filters.push(`backup=${query.backupIds.join(',')}`);
  return filters.length > 0 ? `${query.text} [${filters.join(' ')}]` : query.text;
}

/** One SQL statement the engine ran for a query. */
interface RecordedStatement {
  sql: string;
  params: unknown[];
  ms: number;
}

/** A reader over one pool that records the statements of the current search (the engine's SQL, for EXPLAIN). */
function recordingReader(pool: pg.Pool): { reader: SqlReader; take(): RecordedStatement[] } {
  let recorded: RecordedStatement[] = [];
  const record = async (client: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[]) => {
    const started = process.hrtime.bigint();
    const result = await client.query(sql, params as unknown[]);
    recorded.push({ sql, params: [...params], ms: secondsSince(started) * 1000 });
    return result;
  };
  return {
    reader: {
      async rows<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
        return (await record(pool, sql, params)).rows as T[];
      },
      // As the command line's reader does: one transaction per search, with the engine's planner settings.
      async session<T>(setup: string, work: (reader: SqlReader) => Promise<T>): Promise<T> {
        const client = await pool.connect();
        try {
          return await inSession({ query: (sql: string, params: unknown[] = []) => (params.length > 0 || !/^(BEGIN|COMMIT|ROLLBACK)/.test(sql) ? record(client, sql, params) : client.query(sql)) }, setup, work);
        } finally {
          client.release();
        }
      },
    },
    take() {
      const taken = recorded;
      recorded = [];
      return taken;
    },
  };
}

interface QueryResult {
  kind: QueryKind;
  query: string;
  hits: number;
  more: boolean;
  /** Milliseconds of each timed pass. */
  samplesMs: number[];
  p50Ms: number;
  maxMs: number;
  /** Statements of the query's last run, with their times. */
  statements: RecordedStatement[];
  error?: string;
  firstHit?: { type: string; title: string | null; snippet: string };
}

/** Nearest-rank percentile of a sample. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function runQueries(pool: pg.Pool, passes: number, log: (line: string) => void): Promise<QueryResult[]> {
  const { reader, take } = recordingReader(pool);
  const results: QueryResult[] = QUERIES.map((query) => ({
    kind: query.kind,
    query: describeQuery(query),
    hits: 0,
    more: false,
    samplesMs: [],
    p50Ms: Number.NaN,
    maxMs: Number.NaN,
    statements: [],
  }));
  const runOne = async (index: number, timed: boolean) => {
    const result = results[index]!;
    take();
    const started = process.hrtime.bigint();
    try {
      const page: SearchPage = await searchIndex(reader, requestOf(QUERIES[index]!));
      const ms = secondsSince(started) * 1000;
      if (timed) result.samplesMs.push(ms);
      result.hits = page.hits.length;
      result.more = page.nextCursor !== null;
      const first = page.hits[0];
      result.firstHit = first ? { type: first.type, title: first.title, snippet: first.snippet } : undefined;
      delete result.error;
    } catch (error) {
      result.error = (error as Error).message;
    }
    result.statements = take();
  };
  const order = QUERIES.map((_, index) => index);
  log(`queries: warm-up pass over ${QUERIES.length} queries`);
  for (const index of order) await runOne(index, false);
  const rng = new Rng(hash32(STREAM.shuffle, passes));
  for (let pass = 1; pass <= passes; pass += 1) {
    const started = process.hrtime.bigint();
    for (const index of shuffled(order, rng)) await runOne(index, true);
    log(`queries: pass ${pass}/${passes} in ${secondsSince(started).toFixed(1)} s`);
  }
  for (const result of results) {
    result.p50Ms = percentile(result.samplesMs, 50);
    result.maxMs = result.samplesMs.length > 0 ? Math.max(...result.samplesMs) : Number.NaN;
  }
  return results;
}

interface LatencySummary {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

function summarizeLatency(samples: readonly number[]): LatencySummary {
  return {
    samples: samples.length,
    p50Ms: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    p99Ms: percentile(samples, 99),
    maxMs: samples.length > 0 ? Math.max(...samples) : Number.NaN,
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement a query's last run issued. */
async function explain(pool: pg.Pool, statements: readonly RecordedStatement[]): Promise<string[]> {
  const plans: string[] = [];
  const client = await pool.connect();
  try {
    await client.query(`BEGIN READ ONLY; ${SEARCH_SETTINGS}`); // the settings the engine searches with
    for (const statement of statements) {
      try {
        await client.query('SAVEPOINT plan');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params as unknown[]);
        plans.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT plan');
        plans.push(`(EXPLAIN failed: ${(error as Error).message})`);
      }
    }
    await client.query('ROLLBACK');
  } finally {
    client.release();
  }
  return plans;
}

// ------------------------------------------------------------------------------------------------ printing

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function ms(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(1);
}

// ------------------------------------------------------------------------------------------------ main

interface Options {
  docs: number;
  passes: number;
  keep: boolean;
  ingestMessages: number;
  ingestContacts: number;
  explain: number;
  skipIngest: boolean;
  /** Measure the queries again on the corpus a --keep run left (no ingest, no build). */
  reuse: boolean;
  out: string | null;
}

const USAGE =
  'usage: node dist/bench/search.js [--docs N] [--passes N] [--keep] [--ingest-messages N] [--ingest-contacts N] [--explain N] [--skip-ingest] [--out <path>]';

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { docs: 2_000_000, passes: 5, keep: false, ingestMessages: 200_000, ingestContacts: 10_000, explain: 3, skipIngest: false, reuse: false, out: null };
  const count = (name: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min) throw new Error(`${name} needs a whole number of at least ${min}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--docs') options.docs = count(arg, argv[++i], 1000);
    else if (arg === '--passes') options.passes = count(arg, argv[++i], 1);
    else if (arg === '--ingest-messages') options.ingestMessages = count(arg, argv[++i], 100);
    else if (arg === '--ingest-contacts') options.ingestContacts = count(arg, argv[++i], 10);
    else if (arg === '--explain') options.explain = count(arg, argv[++i], 0);
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--skip-ingest') options.skipIngest = true;
    else if (arg === '--reuse') options.reuse = options.keep = options.skipIngest = true;
    else if (arg === '--out') {
      const out = argv[++i];
      if (!out) throw new Error(`--out needs a path\n${USAGE}`);
      options.out = resolve(out);
    } else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  return options;
}

/** One job of the ingest comparison. */
interface IngestRun extends JobRun {
  schema: 'with' | 'without';
  round: number;
  droppedIndexes: string[];
}

const INGEST_BACKUP = 9;

/** The ingest comparison: the same backup into the full schema (a) and into one without search indexes (b), a b a b. */
async function measureIngest(options: Options, folder: string, plugins: readonly RegisteredPlugin[], log: (line: string) => void) {
  const sources: Sources = {};
  const started = process.hrtime.bigint();
  const sms = join(folder, 'sms.db');
  const handles = Math.min(2000, options.ingestContacts + FEATURED.length);
  buildBulkSmsDb(sms, {
    messages: options.ingestMessages,
    chats: Math.min(1000, handles),
    handles,
    withAttributedBody: true,
    text: (i) => smsText(INGEST_BACKUP, i),
    handleId: (h) => smsHandleOf(INGEST_BACKUP, h),
    start: new Date('2022-01-01T00:00:00Z'),
    stepSeconds: 90,
  });
  sources.messages = sms;
  const book = join(folder, 'AddressBook.sqlitedb');
  buildBulkAddressBook(book, { people: options.ingestContacts, valuesPerPerson: 2, person: (rowid) => contactOf(INGEST_BACKUP, rowid) });
  sources.contacts = book;
  log(`ingest: built sms.db (${options.ingestMessages.toLocaleString('en-US')} messages) and AddressBook.sqlitedb (${options.ingestContacts.toLocaleString('en-US')} people) in ${secondsSince(started).toFixed(1)} s`);
  const runs: IngestRun[] = [];
  for (let round = 1; round <= 2; round += 1) {
    for (const schema of ['with', 'without'] as const) {
      const url = schema === 'with' ? INGEST_WITH_URL : INGEST_WITHOUT_URL;
      const orm = await recreateDatabase(url, plugins);
      let dropped: IndexFact[] = [];
      try {
        if (schema === 'without') dropped = (await dropSearchIndexes(url)).dropped;
        const run = await runJob(orm, plugins, 'bench-search-ingest', sources, deviceOf(INGEST_BACKUP));
        runs.push({ ...run, schema, round, droppedIndexes: dropped.map((index) => `${index.table}.${index.index}`) });
        log(
          `ingest: round ${round} ${schema === 'with' ? 'with search indexes   ' : 'without search indexes'}: ${run.searchDocuments.toLocaleString('en-US')} documents in ${run.seconds.toFixed(2)} s = ${run.docsPerSecond.toFixed(0)} docs/s; ${describeSteps(run)}`,
        );
      } finally {
        await orm.close(true);
      }
      await dropDatabase(url);
    }
  }
  const rates = (schema: 'with' | 'without') => runs.filter((run) => run.schema === schema).map((run) => run.docsPerSecond);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const withRate = mean(rates('with'));
  const withoutRate = mean(rates('without'));
  return { runs, withDocsPerSecond: withRate, withoutDocsPerSecond: withoutRate, ratio: withRate / withoutRate, dropped: runs.find((run) => run.schema === 'without')?.droppedIndexes ?? [] };
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench:search: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const startedAt = new Date();
  const wall = process.hrtime.bigint();
  const log = (line: string) => process.stderr.write(`[${secondsSince(wall).toFixed(0).padStart(5)} s] ${line}\n`);
  const out = (text = '') => process.stdout.write(`${text}\n`);
  const folder = mkdtempSync(join(tmpdir(), 'ios-backup-bench-search-'));
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  const interrupted = () => {
    removeFolder();
    process.stderr.write(`bench:search: interrupted; ${folder} removed; databases ios_backup_bench_search* are dropped by the next run\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const plugins = allPlugins();
  const phases: Record<string, number> = {};
  let keptUrl: string | null = null;
  try {
    if (!options.reuse) for (const url of [CORPUS_URL, INGEST_WITH_URL, INGEST_WITHOUT_URL]) await dropDatabase(url);

    // 1. Ingest with the search indexes against without them, side by side.
    let ingest: Awaited<ReturnType<typeof measureIngest>> | null = null;
    if (!options.skipIngest) {
      const phase = process.hrtime.bigint();
      const ingestFolder = join(folder, 'ingest');
      mkdirSync(ingestFolder);
      ingest = await measureIngest(options, ingestFolder, plugins, log);
      rmSync(ingestFolder, { recursive: true, force: true });
      phases.ingestComparison = secondsSince(phase);
    }

    // 2. The corpus: three backups, each built, indexed by the real job, and its sources removed.
    const plans = planCorpus(options.docs);
    const corpusStarted = process.hrtime.bigint();
    // --reuse: the corpus a --keep run left, as it is (its queries measured again, e.g. after a change of the engine).
    const orm = options.reuse ? null : await recreateDatabase(CORPUS_URL, plugins);
    const jobs: JobRun[] = [];
    let buildSeconds = 0;
    try {
      for (const plan of orm ? plans : []) {
        const backupFolder = join(folder, plan.id);
        const built = process.hrtime.bigint();
        log(
          `corpus: ${plan.id}: ${plan.smsMessages.toLocaleString('en-US')} SMS, ${plan.whatsappMessages.toLocaleString('en-US')} WhatsApp, ${plan.contacts.toLocaleString('en-US')} contacts, ${plan.photos.toLocaleString('en-US')} photos, ${plan.notes.toLocaleString('en-US')} notes, ${plan.events.toLocaleString('en-US')} events, ${plan.from.toISOString().slice(0, 10)} to ${plan.to.toISOString().slice(0, 10)}`,
        );
        const sources = buildBackupSources(plan, backupFolder, log);
        buildSeconds += secondsSince(built);
        const run = await runJob(orm!, plugins, plan.id, sources, deviceOf(plan.index));
        jobs.push(run);
        log(`corpus: ${plan.id}: indexed ${run.searchDocuments.toLocaleString('en-US')} documents in ${run.seconds.toFixed(1)} s = ${run.docsPerSecond.toFixed(0)} docs/s; ${describeSteps(run)}`);
        rmSync(backupFolder, { recursive: true, force: true });
      }
    } finally {
      await orm?.close(true);
    }
    phases.corpusBuild = buildSeconds;
    phases.corpusIndex = jobs.reduce((sum, job) => sum + job.seconds, 0);

    // 3. Steady state: what autovacuum would reach after a load (visibility map, statistics).
    const client = await connect(CORPUS_URL);
    const pool = new pg.Pool({ connectionString: CORPUS_URL, max: 1 });
    try {
      const vacuumStarted = process.hrtime.bigint();
      for (const name of await searchTables(client)) await client.query(`VACUUM (ANALYZE) public.${quoted(name)}`);
      phases.vacuumAnalyze = secondsSince(vacuumStarted);
      log(`corpus: VACUUM (ANALYZE) of the search tables in ${phases.vacuumAnalyze.toFixed(1)} s`);
      const sizes = await sizeFacts(client);
      phases.corpus = secondsSince(corpusStarted);

      // 4. The 50 queries: a warm-up pass, then the timed passes in shuffled order, one connection.
      const queriesStarted = process.hrtime.bigint();
      const results = await runQueries(pool, options.passes, log);
      phases.queries = secondsSince(queriesStarted);
      const samples = results.flatMap((result) => result.samplesMs);
      const overall = summarizeLatency(samples);
      const kinds = [...new Set(results.map((result) => result.kind))];
      const perKind = Object.fromEntries(kinds.map((kind) => [kind, summarizeLatency(results.filter((result) => result.kind === kind).flatMap((result) => result.samplesMs))]));
      const slowest = [...results].filter((result) => !result.error).sort((a, b) => b.p50Ms - a.p50Ms).slice(0, options.explain);
      const plans_: Array<{ query: string; kind: string; p50Ms: number; statements: Array<{ sql: string; params: unknown[]; ms: number; plan: string }> }> = [];
      for (const result of slowest) {
        const explained = await explain(pool, result.statements);
        plans_.push({
          query: result.query,
          kind: result.kind,
          p50Ms: result.p50Ms,
          statements: result.statements.map((statement, i) => ({ ...statement, plan: explained[i]! })),
        });
      }
      const errors = results.filter((result) => result.error);
      const met = errors.length === 0 && overall.p95Ms < TARGET_P95_MS;

      // 5. Print.
      out(`\nsearch benchmark: ${sizes.documents.toLocaleString('en-US')} documents in ${plans.length} backups (asked for at least ${options.docs.toLocaleString('en-US')}${sizes.documents < options.docs ? ': FEWER' : ''})`);
      out(`documents by type: ${Object.entries(sizes.documentsByType).map(([type, n]) => `${type} ${n.toLocaleString('en-US')}`).join(', ')}`);
      out(`documents by backup: ${Object.entries(sizes.documentsByBackup).map(([id, n]) => `${id} ${n.toLocaleString('en-US')}`).join(', ')}`);
      out(`vocabulary: ${VOCABULARY.length.toLocaleString('en-US')} word forms (Zipf 1.05), ${TEMPLATES.length} sentence templates, ${FIRST_NAMES.length} first and ${LAST_NAMES.length} last names, ${PLACES.length} places`);
      out('\ncorpus jobs (IndexJobRunner, all six plugins, one backup each):');
      out(
        table(
          ['backup', 'documents', 'job s', 'docs/s', 'RSS MiB', 'per plugin s', 'steps'],
          jobs.map((job) => [
            job.backupId,
            job.searchDocuments.toLocaleString('en-US'),
            job.seconds.toFixed(1),
            job.docsPerSecond.toFixed(0),
            job.peakRssMiB.toFixed(0),
            job.plugins.filter((plugin) => plugin.status === 'completed').map((plugin) => `${plugin.id} ${plugin.seconds.toFixed(1)}`).join(', '),
            describeSteps(job),
          ]),
          new Set([1, 2, 3, 4]),
        ),
      );
      if (ingest) {
        out(`\ningest, with the search indexes (a) against without them (b: ${ingest.dropped.length === 0 ? 'nothing to drop' : `dropped ${ingest.dropped.join(', ')}`}), same backup, a b a b in this process:`);
        out(
          table(
            ['round', 'schema', 'documents', 'job s', 'docs/s', 'steps'],
            ingest.runs.map((run) => [String(run.round), run.schema === 'with' ? 'a: with' : 'b: without', run.searchDocuments.toLocaleString('en-US'), run.seconds.toFixed(2), run.docsPerSecond.toFixed(0), describeSteps(run)]),
            new Set([2, 3, 4]),
          ),
        );
        out(
          `ingest rate with indexes ${ingest.withDocsPerSecond.toFixed(0)} docs/s, without ${ingest.withoutDocsPerSecond.toFixed(0)} docs/s: with / without = ${ingest.ratio.toFixed(2)}`,
        );
      }
      out('\nindex size:');
      out(
        table(
          ['table', 'rows', 'table', 'indexes', 'total'],
          sizes.tables.map((facts) => [facts.table, facts.rows.toLocaleString('en-US'), mib(facts.tableBytes), mib(facts.indexesBytes), mib(facts.totalBytes)]),
          new Set([1, 2, 3, 4]),
        ),
      );
      out(
        table(
          ['index', 'size', 'definition'],
          sizes.tables.flatMap((facts) => facts.indexes.map((index) => [index.index, mib(index.bytes), index.definition.replace(/^CREATE (UNIQUE )?INDEX \S+ ON /, '')])),
          new Set([1]),
        ),
      );
      out(`database size ${mib(sizes.databaseBytes)}`);
      out(`\nqueries: ${QUERIES.length}, limit ${LIMIT}, one warm-up pass then ${options.passes} passes in shuffled order, one connection; hits = hits on the first page (+ when there is a next page)`);
      out(
        table(
          ['#', 'kind', 'query', 'hits', 'p50 ms', 'max ms', 'first hit'],
          results.map((result, i) => [
            String(i + 1),
            result.kind,
            result.query,
            result.error ? 'ERROR' : `${result.hits}${result.more ? '+' : ''}`,
            ms(result.p50Ms),
            ms(result.maxMs),
            result.error ? result.error.slice(0, 80) : result.firstHit ? `${result.firstHit.type}: ${(result.firstHit.snippet || result.firstHit.title || '').replace(/\s+/g, ' ').slice(0, 60)}` : '',
          ]),
          new Set([0, 3, 4, 5]),
        ),
      );
      out('\nlatency per kind (ms):');
      out(
        table(
          ['kind', 'samples', 'p50', 'p95', 'max'],
          Object.entries(perKind).map(([kind, summary]) => [kind, String(summary.samples), ms(summary.p50Ms), ms(summary.p95Ms), ms(summary.maxMs)]),
          new Set([1, 2, 3, 4]),
        ),
      );
      out(`\noverall: ${overall.samples} samples, p50 ${ms(overall.p50Ms)} ms, p95 ${ms(overall.p95Ms)} ms, p99 ${ms(overall.p99Ms)} ms, max ${ms(overall.maxMs)} ms`);
      out(
        `target p95 < ${TARGET_P95_MS} ms: ${met ? 'MET' : 'NOT MET'}${errors.length > 0 ? ` (${errors.length} queries failed: ${errors.map((result) => result.query).join(', ')})` : ''}`,
      );
      for (const plan of plans_) {
        out(`\nslow query "${plan.query}" (${plan.kind}, p50 ${ms(plan.p50Ms)} ms): ${plan.statements.length} statement(s)`);
        for (const statement of plan.statements) {
          out(`-- ${statement.ms.toFixed(1)} ms, params ${JSON.stringify(statement.params).slice(0, 300)}`);
          out(statement.sql.trim());
          out(statement.plan);
        }
      }
      const wallSeconds = secondsSince(wall);
      out(`\nwall time ${(wallSeconds / 60).toFixed(1)} min (${Object.entries(phases).map(([name, seconds]) => `${name} ${seconds.toFixed(0)} s`).join(', ')})`);

      // 6. JSON results.
      const results_ = {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        argv: process.argv.slice(2),
        options,
        corpus: { plans, jobs, sizes, vocabularyForms: VOCABULARY.length },
        ingest,
        queries: results,
        latency: { overall, perKind },
        target: { p95Ms: TARGET_P95_MS, met },
        slowest: plans_,
        phases,
        wallSeconds,
      };
      const file = options.out ?? join(PROJECT_ROOT, '.bench', `results-search-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(results_, null, 2)}\n`);
      out(`results written to ${file}`);
      if (options.keep) keptUrl = CORPUS_URL;
    } finally {
      await pool.end();
      await client.end();
    }
  } finally {
    removeFolder();
    for (const url of keptUrl ? [INGEST_WITH_URL, INGEST_WITHOUT_URL] : [CORPUS_URL, INGEST_WITH_URL, INGEST_WITHOUT_URL]) {
      await dropDatabase(url).catch((error: unknown) => process.stderr.write(`bench:search: could not drop ${new URL(url).pathname.slice(1)}: ${(error as Error).message}\n`));
    }
    if (keptUrl) out(`kept the corpus database: ${keptUrl}`);
  }
}

main().catch((error) => {
  process.stderr.write(`bench:search: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
