/** A billing or incident contact. */
export interface Contact {
  name: string;
  email: string;
}

/**
 * Contacts as the settings form shows them: one per line, `Name <email>` or just `email`.
 *
 * @example
 * contactsToText([{ name: 'Ops', email: 'ops@example.com' }]); // 'Ops <ops@example.com>'
 */
export function contactsToText(contacts: readonly Contact[]): string {
  return contacts.map((c) => (c.name ? `${c.name} <${c.email}>` : c.email)).join('\n');
}

/**
 * Reads the form's contact lines (blank lines skipped); the admin API validates the emails.
 *
 * @example
 * textToContacts('Ops <ops@example.com>\nbilling@example.com'); // [{ name: 'Ops', email: 'ops@example.com' }, { name: '', email: 'billing@example.com' }]
 */
export function textToContacts(text: string): Contact[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const m = /^(.*?)\s*<([^>]*)>$/.exec(line);
      return m ? { name: m[1]!.trim(), email: m[2]!.trim() } : { name: '', email: line };
    });
}
