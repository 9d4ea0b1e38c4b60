import { runConformanceSuite } from '@junction/testing';
import customerio from './index.ts';

runConformanceSuite(customerio, { settings: { siteId: 'cio_site_conformance_01', apiKey: 'cio_key_conformance_02' } });
