import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts many rows with one multi-row INSERT per call, each value converted exactly as TypeORM would store it
 * (the driver's own preparePersistentValue: JSON, booleans, UTC datetimes on both databases). TypeORM's own
 * `insert` costs about six times more CPU on the event loop's thread (it also reads every inserted row back on
 * SQLite), which a 50,000-row roster import cannot afford while candidates are answering.
 */
export async function bulkInsert<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  properties: ReadonlyArray<keyof T & string>,
  rows: ReadonlyArray<Partial<T>>,
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const meta = m.connection.getMetadata(target);
  const driver = m.connection.driver;
  const columns = properties.map((p) => {
    const c = meta.findColumnWithPropertyName(p);
    if (!c) {
      throw new Error(`bulkInsert: ${meta.name} has no column for ${p}`);
    }
    return c;
  });
  const row = `(${columns.map(() => '?').join(', ')})`;
  const params: unknown[] = [];
  for (const r of rows) {
    for (const c of columns) {
      params.push(driver.preparePersistentValue(r[c.propertyName as keyof T], c));
    }
  }
  await m.query(
    `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${rows.map(() => row).join(', ')}`,
    params,
  );
}
