import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../db/queries/ledger';
import { budget, money } from '../../web/lib/format';

describe('money on web pages', () => {
  it('puts the point where the ledger does, for every currency the platform lists', () => {
    expect(money(150_000, 'USD')).toBe('$1,500.00');
    expect(money(300_000, 'JPY')).toBe('¥300,000');
    // ICU shows rupees without decimals; the ledger counts paisa. The page must follow the ledger.
    expect(money(5_000_000, 'PKR')).toBe(formatMinor(5_000_000, 'PKR'));
    expect(money(5_000_000, 'PKR')).toBe('PKR\u00a050,000.00');
    expect(money(1_234, 'KWD')).toBe('KWD\u00a01.234');
    expect(budget({ currency: 'EUR', min: 500_000, max: 800_000 })).toBe('€5,000.00–€8,000.00');
  });
});
