import type { Child } from 'hono/jsx';

const CSS = `
:root{color-scheme:light;font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;background:#f6f7f9}
main{max-width:30rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #d0d4da;border-radius:8px}
h1{font-size:1.5rem;margin-top:0}
label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=text],input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #6b7280;border-radius:4px;font:inherit}
input[aria-invalid=true]{border-color:#b00020}
.field{margin-bottom:1rem}
.error{color:#b00020;margin:.25rem 0 0}
.alert{color:#b00020;border:1px solid #b00020;padding:.5rem;border-radius:4px}
.notice{color:#0b5d1e;border:1px solid #0b5d1e;padding:.5rem;border-radius:4px}
button{padding:.5rem 1rem;font:inherit;background:#1d4ed8;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
a{color:#1d4ed8}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
code,pre{font-family:ui-monospace,monospace;background:#f1f3f5;padding:.1rem .25rem;border-radius:3px;word-break:break-all}
pre{white-space:pre-wrap;padding:.75rem}
`;

/**
 * The page frame of the sign-in and account pages (one small stylesheet, no script).
 *
 * @example
 * return c.html(<Layout title="Sign in"><SignInForm … /></Layout>, 200);
 */
export function Layout(props: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · Junction`}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/**
 * A POST form carrying the CSRF token as `_csrf`.
 *
 * @example
 * <Form action="/sign-in" csrf={c.var.csrfToken}><Field … /></Form>
 */
export function Form(props: { action: string; csrf: string; label?: string; children?: Child }) {
  return (
    <form method="post" action={props.action} aria-label={props.label}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

/**
 * A labelled input with its error in text beside it (`aria-invalid`, `aria-describedby`).
 *
 * @example
 * <Field name="email" label="Email" type="email" value={form.email} error={errors.email} />
 */
export function Field(props: { name: string; label: string; type?: string; value?: string; error?: string | undefined; autocomplete?: string; inputmode?: 'numeric' | 'text' | 'email'; hint?: string }) {
  const id = `f-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint ? <p id={`${id}-hint`}>{props.hint}</p> : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {props.error ? (
        <p id={`${id}-error`} class="error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A message for the whole form (`role="alert"`) or a confirmation (`role="status"`).
 *
 * @example
 * <Message kind="alert">Email or password is incorrect.</Message>
 */
export function Message(props: { kind: 'alert' | 'notice'; children?: Child }) {
  return (
    <p class={props.kind} role={props.kind === 'alert' ? 'alert' : 'status'}>
      {props.children}
    </p>
  );
}
