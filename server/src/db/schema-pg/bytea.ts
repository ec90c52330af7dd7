import { customType } from 'drizzle-orm/pg-core';

/** Binary data (SQLite's BLOB), read and written as a Buffer; drizzle-orm 0.45 has no bytea column. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});
