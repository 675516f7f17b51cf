import { createHash, randomInt } from "node:crypto";

/**
 * The words of reset and device-addition links: 589 short, distinct, lower-case English words,
 * so five of them carry 46 bits, guessed only online, against a hash, within the link's lifetime.
 */
const WORDS = (
  "able acid aged also area army away baby back ball band bank base bath bear beat bell belt bend best bird blow blue boat body bone book boot " +
  "born boss both bowl bulk burn bush busy cake calm came camp card care cart case cash cast cell chat chip city clay club coal coat code cold " +
  "come cook cool cope copy core corn cost crew crop cute dark data date dawn deal dear debt deck deep deer desk dial dice diet dirt dish dock " +
  "door dose down draw drop drum duck dust duty each earn ease east easy edge else even ever exam exit face fact fair fall farm fast fear feed " +
  "feel file fill film find fine fire firm fish five flag flat flow folk food foot fork form fort four free frog fuel full fund gain game gate " +
  "gear gift girl give glad glow goal goat gold golf good gown grab gray grew grid grip grow gulf hair half hall hand hang hard harm hash hawk " +
  "head heal heap hear heat held help herb here hero hide high hill hint hire hold hole holy home hook hope horn host hour huge hunt idea inch " +
  "into iron item jazz join joke jump jury just keen keep kept kick kind king kiss kite knee knew knot know lace lady lake lamb lamp land lane " +
  "last late lawn lead leaf lean left lend lens less life lift like lime line link lion list live load loan lock loft logo long look loop lord " +
  "lose lost loud love luck lung made mail main make male mall many maps mark mass mate meal mean meat meet melt menu mild mile milk mill mind " +
  "mine mint miss mode mood moon more most move much must myth nail name navy near neat neck need nest news next nice nine node none noon norm " +
  "nose note oath odds okay once only open oval oven over pace pack page paid pain pair palm park part pass past path peak pear peel pick pier " +
  "pile pine pink pipe plan play plot plug plus poem poet pole poll pond pony pool poor port pose post pour pray pull pump pure push quiz race " +
  "rack rail rain rank rare rate read real rear reed rely rent rest rice rich ride ring rise risk road rock role roll roof room root rope rose " +
  "ruby rule rush safe sage sail salt same sand save scan seal seat seed seek seem self sell send ship shoe shop shot show shut sick side sign " +
  "silk sing sink site size skin slip slow snap snow soap sock soft soil sold sole some song soon sort soul soup spin spot star stay stem step " +
  "stir such suit sung sure swan swim tail take tale talk tall tank tape task taxi team tear tell tend tent term test text than that then they " +
  "thin this tide tidy tile time tiny tire told tone tool tour town tray tree trip true tube tune turn twin type unit upon used user vast very " +
  "view vine visa vote wage wait wake walk wall want warm wash wave weak wear week well went west what when whom wide wife wild will wind wine " +
  "wing wire wise wish with wolf wood wool word wore work worm wrap yard yarn year yell yoga zero zinc zone zoom acre aunt bead bean beef bike " +
  "bolt bond brew calf cane cape cave chef chin clap claw clip clue coin cone cord crab cube curl dart dome dove dune fawn fern fig flax foam fog"
).split(" ");

export const PASSPHRASE_WORDS = WORDS.length;
const WORD_SET = new Set(WORDS);

/** Five random words, dot-separated: `gold.lamp.river.pear.oven`. */
export function newPassphrase(): string {
  return Array.from({ length: 5 }, () => WORDS[randomInt(WORDS.length)]).join(".");
}

/** Five known words, as newPassphrase makes them; anything else is no link. */
export function isPassphrase(value: string): boolean {
  const words = value.split(".");
  return words.length === 5 && words.every((w) => WORD_SET.has(w));
}

/** Links are stored by this hash only, so a read of the table cannot be turned into a working link. */
export const passphraseKey = (passphrase: string) => createHash("sha512").update(passphrase).digest("base64url");
