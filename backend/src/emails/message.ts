/**
 * What a message says, as structure rather than markup: each template builds one of these and
 * the layouts render it twice, as HTML (escaped) and as plain text, so both parts always carry
 * the same facts.
 */

/**
 * A piece of a sentence: our copy or a value (plain text), a key fact to stand out (`strong`),
 * or text a person wrote, such as a name or a course title (`user`), which is printed in its
 * own direction so an Arabic or Hebrew name does not reorder the sentence around it.
 */
export type Inline = string | { readonly strong: string } | { readonly user: string };

/** A line of text: one string or pieces. */
export type Line = string | readonly Inline[];

/** An absolute http(s) link with what it leads to. */
export interface LinkItem {
  readonly label: string;
  readonly url: string;
}

export interface Detail {
  readonly label: string;
  readonly value: Line;
}

export type Block =
  | { readonly type: 'paragraph'; readonly content: Line }
  /** Label/value rows: the facts of a payment at a glance. */
  | { readonly type: 'details'; readonly rows: readonly Detail[] }
  | { readonly type: 'list'; readonly items: readonly Line[] }
  | { readonly type: 'section'; readonly title: string }
  /** The message's call to action: a button, with the link printed in full below it. */
  | { readonly type: 'button'; readonly action: LinkItem }
  /** Further links, each on its own line. */
  | { readonly type: 'links'; readonly links: readonly LinkItem[] };

export interface EmailMessage {
  readonly subject: string;
  /** The preview line inbox lists show after the subject; hidden in the message itself. */
  readonly preheader: string;
  readonly heading: Line;
  readonly blocks: readonly (Block | false | undefined)[];
  readonly footer: readonly string[];
}

export const strong = (text: string): Inline => ({ strong: text });
export const user = (text: string): Inline => ({ user: text });

export const paragraph = (...content: Inline[]): Block => ({ type: 'paragraph', content });
export const details = (...rows: (Detail | false | undefined)[]): Block => ({
  type: 'details',
  rows: rows.filter((row): row is Detail => Boolean(row)),
});
export const row = (label: string, ...value: Inline[]): Detail => ({ label, value });
export const list = (items: readonly Line[]): Block => ({ type: 'list', items });
export const section = (title: string): Block => ({ type: 'section', title });
export const button = (label: string, url: string): Block => ({ type: 'button', action: { label, url } });
export const links = (...items: LinkItem[]): Block => ({ type: 'links', links: items });

/** "Hello 山田 太郎," or, with no name on the account, "Hello,". */
export function greeting(name: string): Block {
  return name.trim() === '' ? paragraph('Hello,') : paragraph('Hello ', user(name.trim()), ',');
}

export const STUDENT_FOOTER = [
  'You are receiving this email because of a payment or subscription on your account.',
  'Dates and times are in UTC.',
];

export const ADMIN_FOOTER = ['Sent to the admin address of the platform.', 'Dates and times are in UTC.'];
