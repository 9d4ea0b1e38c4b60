import { Form, Layout, Message } from './layout.tsx';

/**
 * The workspace's authentication settings (require MFA of every member).
 *
 * @example
 * c.html(<AuthSettingsPage csrf={c.var.csrfToken} requireMfa={false} />);
 */
export function AuthSettingsPage(v: { csrf: string; requireMfa: boolean; notice?: string; alert?: string }) {
  return (
    <Layout title="Authentication settings">
      {v.notice ? <Message kind="notice">{v.notice}</Message> : null}
      {v.alert ? <Message kind="alert">{v.alert}</Message> : null}
      <Form action="/settings/authentication" csrf={v.csrf} label="Authentication settings">
        <div class="field">
          <input id="f-requireMfa" type="checkbox" name="requireMfa" value="on" checked={v.requireMfa} aria-describedby="f-requireMfa-hint" />{' '}
          <label for="f-requireMfa" style="display:inline">
            Require two-factor authentication of every member
          </label>
          <p id="f-requireMfa-hint">Members without it must set it up at their next page view. Single sign-on users are exempt: their identity provider handles factors.</p>
        </div>
        <button type="submit">Save</button>
      </Form>
      <p>
        <a href="/settings/sso">Single sign-on connections (OIDC, SAML)</a>: sign-in through your identity provider, by email domain.
      </p>
    </Layout>
  );
}
