/** The names of officials, as the console shows them instead of ids. */

/** An official as a screen names them: their name and role (never their id). */
export interface PersonName {
  fullName: string;
  role: string;
}
