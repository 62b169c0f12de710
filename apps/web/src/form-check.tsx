/**
 * The browser's own validation bubbles speak the browser's language («Please fill out this field»),
 * so every form of the console has noValidate and this check says what is wrong in the console's
 * words instead: before any form is sent (a capturing listener on the document, ahead of React's),
 * the fields the form marks `required`, `pattern`, `type` or `min`/`max` are read; when one is not
 * valid the form is not sent, the message names each field by its label, and focus goes to the
 * first of them. A form that says what is wrong beside the field itself (marked
 * `data-checks-itself`, such as the «Почта» screen's address) is left to its own check.
 */
import { useEffect, useState } from 'react';
import { useScreenWords } from './words/define';
import { FORM_WORDS } from './words/forms';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A field's label as the official reads it: its <label>'s own text (not the options inside it), or aria-label. */
function labelOf(field: Field, fallback: string): string {
  const label = field.labels?.[0];
  if (label) {
    const copy = label.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('input, select, textarea, small, .hint, [aria-hidden="true"]').forEach((n) => n.remove());
    const text = copy.textContent?.trim();
    if (text) return text;
  }
  return field.getAttribute('aria-label') ?? fallback;
}

export function FormCheck() {
  const w = useScreenWords(FORM_WORDS);
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => {
    const onSubmit = (e: Event) => {
      const form = e.target as HTMLFormElement;
      if (form.hasAttribute('data-checks-itself')) return;
      const invalid = [...form.elements].filter(
        (el): el is Field =>
          (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) &&
          !el.disabled &&
          !el.validity.valid,
      );
      for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      if (!invalid.length) {
        setSaid(null);
        return;
      }
      e.preventDefault();
      e.stopPropagation();
      const missing = invalid.filter((f) => f.validity.valueMissing).map((f) => labelOf(f, w.field));
      const wrong = invalid.filter((f) => !f.validity.valueMissing).map((f) => labelOf(f, w.field));
      for (const f of invalid) f.setAttribute('aria-invalid', 'true');
      setSaid(
        [
          missing.length ? `${w.fillIn} ${missing.join(', ')}.` : '',
          wrong.length ? `${w.check} ${wrong.join(', ')}.` : '',
        ]
          .filter(Boolean)
          .join(' '),
      );
      invalid[0].focus();
    };
    document.addEventListener('submit', onSubmit, true);
    return () => document.removeEventListener('submit', onSubmit, true);
  }, [w.field, w.fillIn, w.check]);
  return said ? (
    <p role="alert" className="problem" data-form-check>
      {said}
    </p>
  ) : null;
}
