import { isDependencyOutage } from './dependency-outage';

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isDependencyOutage', () => {
  it.each([
    ['a refused connection', coded('ECONNREFUSED')],
    ['a lost MySQL connection', coded('PROTOCOL_CONNECTION_LOST', 'Connection lost: The server closed the connection.')],
    ['too many connections', coded('ER_CON_COUNT_ERROR')],
    ['a busy SQLite file', coded('SQLITE_BUSY')],
    ['a TypeORM QueryFailedError around a lost connection', Object.assign(new Error('query failed'), { driverError: coded('ECONNRESET') })],
    ['a closed mysql2 connection', new Error("Can't add new command when connection is in closed state")],
    ['a closed Redis client', Object.assign(new Error('The client is closed'), { name: 'ClientClosedError' })],
    ['a connect that failed on every address', Object.assign(new AggregateError([coded('ECONNREFUSED')]), { code: undefined })],
  ])('should call %s an outage', (_, error) => {
    expect(isDependencyOutage(error)).toBe(true);
  });

  it.each([
    ['a duplicate key', coded('ER_DUP_ENTRY')],
    ['a SQL syntax error', coded('ER_PARSE_ERROR')],
    ['a plain bug', new TypeError('x is undefined')],
    ['a Redis reply error', Object.assign(new Error('WRONGTYPE'), { name: 'ErrorReply' })],
    ['nothing', undefined],
  ])('should not call %s an outage', (_, error) => {
    expect(isDependencyOutage(error)).toBe(false);
  });
});
