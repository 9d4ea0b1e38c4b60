import { runConformanceSuite } from '@junction/testing';
import intercom from './index.ts';

runConformanceSuite(intercom, { settings: { accessToken: 'dG9rOmNvbmZvcm1hbmNlXzAxMjM0NTY3ODk=', region: 'eu', apiVersion: '2.11' } });
