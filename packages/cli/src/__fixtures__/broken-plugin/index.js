export default {
  slug: 'Broken Plugin',
  name: 'Broken',
  version: 'one',
  description: 'A plugin with an invalid definition',
  categories: ['Analytics'],
  settings: { type: 'object', properties: { apiKey: { type: 'number', 'x-secret': true } } },
  actions: {},
};
