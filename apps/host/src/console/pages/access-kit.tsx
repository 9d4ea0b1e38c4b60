import type { Child } from 'hono/jsx';
import type { Principal } from '../../admin/permissions.ts';
import type { ConsoleDeps } from '../console-env.ts';
import { Checkbox, fieldId, PostForm, Select } from './form-parts.tsx';
import { api, type FieldErrors, formError, type AdminError, type PageContext } from './page-kit.ts';

/** The access management sub-pages (tabs under "Access"). */
export const ACCESS_TABS = [
  { id: 'members', label: 'Members', href: '/access/members' },
  { id: 'invites', label: 'Invites', href: '/access/invites' },
  { id: 'groups', label: 'User groups', href: '/access/groups' },
  { id: 'roles', label: 'Roles', href: '/access/roles' },
  { id: 'tokens', label: 'API tokens', href: '/access/tokens' },
  { id: 'labels', label: 'Labels', href: '/access/labels' },
] as const;

/**
 * The access tabs, with the current one marked `aria-current="page"`.
 *
 * @example
 * <AccessTabs current="members" />
 */
export function AccessTabs(props: { current: (typeof ACCESS_TABS)[number]['id'] }) {
  return (
    <nav aria-label="Access management">
      <ul class="actions">
        {ACCESS_TABS.map((t) => (
          <li style="list-style:none">
            <a href={t.href} aria-current={t.id === props.current ? 'page' : undefined}>
              {t.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A grant resource as the admin API lists it. */
export interface GrantResourceView {
  id: string;
  type: string;
  labels?: { key: string; value: string }[];
}

/** Permissions grouped by role (Segment's `PermissionV1`). */
export interface PermissionView {
  roleId: string;
  roleName: string;
  resources: GrantResourceView[];
}

/** What the role and scope fields offer: roles, sources and labels of the workspace. */
export interface ScopeChoices {
  roles: { id: string; name: string; description: string }[];
  sources: { id: string; name: string }[];
  labels: { key: string; value: string }[];
}

/**
 * Loads the roles, sources and labels the grant fields offer (through the admin API).
 *
 * @example
 * const choices = await loadScopeChoices(deps, c);
 */
export async function loadScopeChoices(deps: ConsoleDeps, c: PageContext): Promise<ScopeChoices> {
  const [roles, sources, labels] = await Promise.all([
    api<{ roles: ScopeChoices['roles'] }>(deps, c, 'GET', '/roles?pagination.count=200'),
    api<{ sources: ScopeChoices['sources'] }>(deps, c, 'GET', '/sources?pagination.count=1000'),
    api<{ labels: ScopeChoices['labels'] }>(deps, c, 'GET', '/labels'),
  ]);
  return { roles: roles.data?.roles ?? [], sources: sources.data?.sources ?? [], labels: labels.data?.labels ?? [] };
}

/** The values of the grant fields (re-shown after a rejected post). */
export interface GrantValues {
  roleId: string;
  scope: 'workspace' | 'sources' | 'labels';
  sourceIds: string[];
  labels: string[];
}

/** Empty grant fields (a role on the whole workspace). */
export const NO_GRANT: GrantValues = { roleId: '', scope: 'workspace', sourceIds: [], labels: [] };

/**
 * Reads the grant fields of a form.
 *
 * @example
 * const v = grantValues(await readForm(c));
 */
export function grantValues(form: { get(name: string): string; all(name: string): string[] }): GrantValues {
  const scope = form.get('scope');
  return { roleId: form.get('roleId'), scope: scope === 'sources' || scope === 'labels' ? scope : 'workspace', sourceIds: form.all('sourceIds'), labels: form.all('labels') };
}

/**
 * The admin API's `PermissionInputV1` of grant fields, or the field errors of what is missing.
 *
 * @example
 * toPermission(ws, { roleId: 'SOURCE_ADMIN', scope: 'labels', sourceIds: [], labels: ['environment:prod'] });
 * // { roleId: 'SOURCE_ADMIN', resources: [{ id: ws, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'prod' }] }] }
 */
export function toPermission(workspaceId: string, v: GrantValues): { roleId: string; resources: GrantResourceView[] } | AdminError[] {
  const errors: AdminError[] = [];
  if (v.roleId === '') errors.push(formError('roleId', 'Role: choose a role.'));
  if (v.scope === 'sources' && v.sourceIds.length === 0) errors.push(formError('scope', 'Scope: choose at least one source.'));
  if (v.scope === 'labels' && v.labels.length === 0) errors.push(formError('scope', 'Scope: choose at least one label.'));
  if (errors.length > 0) return errors;
  if (v.scope === 'sources') return { roleId: v.roleId, resources: v.sourceIds.map((id) => ({ id, type: 'SOURCE' })) };
  const labels = v.labels.map((text) => ({ key: text.slice(0, text.indexOf(':')), value: text.slice(text.indexOf(':') + 1) }));
  return { roleId: v.roleId, resources: [{ id: workspaceId, type: 'WORKSPACE', ...(v.scope === 'labels' ? { labels } : {}) }] };
}

/**
 * Maps the admin API's grant field paths onto the form's fields: `permissions[0].roleId` → `roleId`,
 * `permissions[0].resources[1].id` → `scope`, `invites[0].email` → `email`.
 *
 * @example
 * new FieldErrors(r.errors, grantFieldAlias);
 */
export function grantFieldAlias(field: string): string {
  const f = field.replace(/^invites\[\d+\]\./, '');
  if (/^permissions\[\d+\]\.roleId/.test(f)) return 'roleId';
  if (/^permissions/.test(f)) return 'scope';
  return f;
}

/**
 * The role select and the scope choice (whole workspace, some sources, sources with labels).
 *
 * @example
 * <GrantFields choices={choices} v={NO_GRANT} errors={errs} />
 */
export function GrantFields(props: { choices: ScopeChoices; v: GrantValues; errors: FieldErrors; legend?: string }) {
  const { choices, v, errors } = props;
  const scopeError = errors.for('scope');
  const radio = (value: GrantValues['scope'], label: string, children?: Child) => (
    <div class="field check">
      <input type="radio" id={fieldId(`scope-${value}`)} name="scope" value={value} checked={v.scope === value} aria-describedby={scopeError ? 'f-scope-error' : undefined} />{' '}
      <label for={fieldId(`scope-${value}`)}>{label}</label>
      {children}
    </div>
  );
  return (
    <>
      <Select name="roleId" label="Role" value={v.roleId} empty="Choose a role" options={choices.roles.map((r) => ({ value: r.id, label: r.name }))} error={errors.for('roleId')} hint="Roles apply on the Business plan; on Free and Team every member is a workspace owner." required />
      <fieldset id="f-scope" class={scopeError ? 'invalid' : undefined}>
        <legend>{props.legend ?? 'Scope'}</legend>
        <p class="hint">Only Source Admin and Source Read-only can be granted on some sources or labels.</p>
        {radio('workspace', 'The whole workspace')}
        {radio(
          'sources',
          'Selected sources',
          choices.sources.length === 0 ? <p class="hint">No sources yet.</p> : <div style="margin-left:1.5rem">{choices.sources.map((s) => <Checkbox name="sourceIds" value={s.id} label={s.name} checked={v.sourceIds.includes(s.id)} />)}</div>,
        )}
        {radio(
          'labels',
          'Sources carrying all these labels',
          choices.labels.length === 0 ? <p class="hint">No labels yet.</p> : <div style="margin-left:1.5rem">{choices.labels.map((l) => <Checkbox name="labels" value={`${l.key}:${l.value}`} label={`${l.key}:${l.value}`} checked={v.labels.includes(`${l.key}:${l.value}`)} />)}</div>,
        )}
        {scopeError ? (
          <p id="f-scope-error" class="error">
            {scopeError}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}

/**
 * One permission in words: "Source Admin on sources labelled environment:prod".
 *
 * @example
 * describePermission(p, new Map([['src_1', 'Web']])); // 'Source Admin on source Web'
 */
export function describePermission(p: PermissionView, sourceNames: ReadonlyMap<string, string>): string {
  const where = p.resources.map((r) => {
    if (r.type === 'SOURCE') return `source ${sourceNames.get(r.id) ?? r.id}`;
    if (r.labels && r.labels.length > 0) return `sources labelled ${r.labels.map((l) => `${l.key}:${l.value}`).join(' + ')}`;
    return 'the whole workspace';
  });
  return `${p.roleName} on ${where.join(', ')}`;
}

/**
 * A list of permissions in words ("No roles" when empty).
 *
 * @example
 * <Permissions list={user.permissions} sources={names} />
 */
export function Permissions(props: { list: readonly PermissionView[]; sources: ReadonlyMap<string, string> }) {
  if (props.list.length === 0) return <span>No roles</span>;
  return (
    <ul>
      {props.list.map((p) => (
        <li>{describePermission(p, props.sources)}</li>
      ))}
    </ul>
  );
}

/**
 * Conflicts (409) name their field in the message (`domains: …`, `label "…" already exists`): as
 * form errors on `fallback` unless the message starts with a field.
 *
 * @example
 * new FieldErrors(asFieldErrors(r.errors, 'name'));
 */
export function asFieldErrors(errors: readonly AdminError[] | undefined, fallback: string): AdminError[] {
  return (errors ?? []).map((e) => (e.field !== undefined ? e : { ...e, field: /^([A-Za-z][\w.]*(?:\[\d+\])?):/.exec(e.message)?.[1] ?? fallback }));
}

/**
 * The request's principal (the session middleware sets it on every guarded page).
 *
 * @example
 * const ws = principalOf(c).workspaceId;
 */
export function principalOf(c: PageContext): Principal {
  const p = c.var.principal;
  if (!p) throw new Error('access pages: no principal on the request (is the identity middleware mounted?)');
  return p;
}

/**
 * The role-and-scope form of a member or a group: one grant, replacing all roles or added to them
 * (the `mode` button posted).
 *
 * @example
 * <GrantForm action="/access/members/usr_1/permissions" label="Change permissions" csrf={csrf} choices={choices} v={NO_GRANT} errors={errs} />
 */
export function GrantForm(props: { action: string; label: string; csrf: string; choices: ScopeChoices; v: GrantValues; errors: FieldErrors }) {
  return (
    <PostForm action={props.action} csrf={props.csrf} label={props.label}>
      <GrantFields choices={props.choices} v={props.v} errors={props.errors} />
      <div class="actions">
        <button type="submit" name="mode" value="replace">
          Replace all roles with this one
        </button>
        <button type="submit" name="mode" value="add" class="secondary">
          Add this role
        </button>
      </div>
    </PostForm>
  );
}
