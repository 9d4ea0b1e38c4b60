import { AccessTabs, GrantForm, type GrantValues, type PermissionView, Permissions, type ScopeChoices } from './access-kit.tsx';
import { ActionButton, ErrorSummary, Input, PostForm, TextArea } from './form-parts.tsx';
import type { FieldErrors } from './page-kit.ts';

/** A user group as the admin API lists it. */
export interface GroupView {
  id: string;
  name: string;
  memberCount: number;
  permissions: PermissionView[];
}

const names = (choices: ScopeChoices) => new Map(choices.sources.map((s) => [s.id, s.name]));

/**
 * The list of groups and the create form.
 *
 * @example
 * <GroupList csrf={csrf} groups={groups} choices={choices} name="" errors={errs} />
 */
export function GroupList(props: { csrf: string; groups: GroupView[]; choices: ScopeChoices; name: string; errors: FieldErrors }) {
  return (
    <>
      <AccessTabs current="groups" />
      {props.groups.length === 0 ? <p>No user groups yet.</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Members</th>
            <th scope="col">Roles</th>
          </tr>
        </thead>
        <tbody>
          {props.groups.map((g) => (
            <tr data-testid="group">
              <td>
                <a href={`/access/groups/${g.id}`}>{g.name}</a>
              </td>
              <td>{g.memberCount}</td>
              <td>
                <Permissions list={g.permissions} sources={names(props.choices)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Create a group</h2>
      <ErrorSummary errors={props.errors} />
      <PostForm action="/access/groups" csrf={props.csrf} label="Create a group">
        <Input name="name" label="Name" value={props.name} error={props.errors.for('name')} required />
        <button type="submit">Create group</button>
      </PostForm>
    </>
  );
}

/** What the group page re-shows after a rejected form. */
export interface GroupFormValues {
  name: string;
  emails: string;
  grant: GrantValues;
}

/**
 * One group: rename, members and invited emails (add, remove), roles, delete.
 *
 * @example
 * <GroupDetail csrf={csrf} group={g} members={[]} invited={[]} choices={choices} v={v} errors={errs} form="rename" />
 */
export function GroupDetail(props: {
  csrf: string;
  group: GroupView;
  members: { email: string; name: string | null }[];
  invited: string[];
  choices: ScopeChoices;
  v: GroupFormValues;
  errors: FieldErrors;
  /** The form the errors belong to. */
  form: 'rename' | 'members' | 'permissions' | undefined;
}) {
  const { group: g, csrf, v } = props;
  const errs = (form: typeof props.form) => (props.form === form ? props.errors : undefined);
  const base = `/access/groups/${g.id}`;
  return (
    <>
      <AccessTabs current="groups" />
      <h2>Name</h2>
      {errs('rename') ? <ErrorSummary errors={props.errors} /> : null}
      <PostForm action={base} csrf={csrf} label="Rename the group">
        <Input name="name" label="Name" value={v.name} error={errs('rename')?.for('name')} required />
        <button type="submit">Rename</button>
      </PostForm>
      <h2>Members</h2>
      {props.members.length + props.invited.length === 0 ? <p>No members yet.</p> : null}
      <ul>
        {props.members.map((m) => (
          <li data-testid="group-member">
            {m.name ? `${m.name} (${m.email})` : m.email} <ActionButton action={`${base}/members/remove`} csrf={csrf} label={`Remove ${m.email} from the group`} fields={{ email: m.email }} />
          </li>
        ))}
        {props.invited.map((email) => (
          <li data-testid="group-invited">
            {email} (invited) <ActionButton action={`${base}/members/remove`} csrf={csrf} label={`Remove ${email} from the group`} fields={{ email }} />
          </li>
        ))}
      </ul>
      {errs('members') ? <ErrorSummary errors={props.errors} /> : null}
      <PostForm action={`${base}/members`} csrf={csrf} label="Add members">
        <TextArea name="emails" label="Add members by email" value={v.emails} hint="One email per line. People who are not members yet get an invitation to the workspace." error={errs('members')?.for('emails')} required />
        <button type="submit">Add members</button>
      </PostForm>
      <h2>Roles</h2>
      <Permissions list={g.permissions} sources={names(props.choices)} />
      {errs('permissions') ? <ErrorSummary errors={props.errors} /> : null}
      <GrantForm action={`${base}/permissions`} label="Change the group's roles" csrf={csrf} choices={props.choices} v={v.grant} errors={errs('permissions') ?? props.errors} />
      <h2>Delete the group</h2>
      <p>Its members keep their own roles; the group's roles stop applying to them.</p>
      <ActionButton action={`${base}/delete`} csrf={csrf} label={`Delete group ${g.name}`} danger />
    </>
  );
}
