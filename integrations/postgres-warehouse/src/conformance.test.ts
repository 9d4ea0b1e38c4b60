import { runConformanceSuite } from '@junction/testing';
import { useWarehouseSchema } from './__fixtures__/test-database.ts';
import postgresWarehouse from './index.ts';

// A database plugin: it never calls ctx.request, so the suite's HTTP checks do not apply
// (transport: 'none'); the error mapping is tested against PostgreSQL in warehouse-errors.test.ts.
const db = useWarehouseSchema('conformance');

runConformanceSuite(postgresWarehouse, {
  // Both secrets must be filled; the connection string wins over the password.
  settings: { ...db.settings, password: 'unused-password-0123' },
  transport: 'none',
});
