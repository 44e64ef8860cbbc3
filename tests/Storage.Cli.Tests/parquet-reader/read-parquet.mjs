// Reads a Parquet file with DuckDB and prints its schema and rows as JSON: {"columns": [{"name", "type"}], "rows": [{…}]}.
// Usage: node read-parquet.mjs FILE.parquet [SQL over the table t]
import { DuckDBInstance } from '@duckdb/node-api';

const [file, sql] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`CREATE VIEW t AS SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
const schema = await connection.runAndReadAll('DESCRIBE t');
const rows = await connection.runAndReadAll(sql ?? 'SELECT * FROM t');
console.log(JSON.stringify({
  columns: schema.getRowObjectsJson().map(row => ({ name: row.column_name, type: row.column_type })),
  rows: rows.getRowObjectsJson(),
}));
