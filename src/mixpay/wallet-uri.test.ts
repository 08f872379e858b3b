import { describe, expect, it } from 'vitest';
import {
  buildBip21,
  buildEip681Native,
  buildEip681Token,
  KNOWN_ERC20_TOKENS,
  toBaseUnits,
  walletUriFor,
} from './wallet-uri';

const BTC_ADDRESS = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const ETH_ADDRESS = '0x52908400098527886E0F7030069857D2E4169EE7';
const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
const USDC = '9b180ab6-6abe-3dc0-a13f-04169eb34bfa';
const USDT_CONTRACT = '0xdAC17F958D2ee523a2206206994597C13D831ec7';

describe('toBaseUnits', () => {
  it('converts exactly, without exponent notation', () => {
    expect(toBaseUnits('1.5', 18)).toBe('1500000000000000000');
    expect(toBaseUnits('0.000000000000000001', 18)).toBe('1');
    expect(toBaseUnits('12.34', 6)).toBe('12340000');
    expect(toBaseUnits('123456789.123456', 6)).toBe('123456789123456');
    // 0.1 + 0.2 style float traps do not exist here.
    expect(toBaseUnits('0.3', 18)).toBe('300000000000000000');
  });

  it('ignores trailing zeros beyond the unit', () => {
    expect(toBaseUnits('1.2300000', 6)).toBe('1230000');
  });

  it('throws instead of rounding', () => {
    expect(() => toBaseUnits('0.0000001', 6)).toThrow(RangeError);
    expect(() => toBaseUnits('1.000000001', 8)).toThrow(/more than 8 decimals/);
  });

  it('rejects zero, negatives and non-decimals', () => {
    expect(() => toBaseUnits('0', 8)).toThrow(RangeError);
    expect(() => toBaseUnits('-1', 8)).toThrow(RangeError);
    expect(() => toBaseUnits('1e-7', 8)).toThrow(RangeError);
    expect(() => toBaseUnits('', 8)).toThrow(RangeError);
  });
});

describe('buildBip21', () => {
  it('writes the amount in decimal BTC', () => {
    expect(buildBip21(BTC_ADDRESS, '0.00018985')).toBe(`bitcoin:${BTC_ADDRESS}?amount=0.00018985`);
    expect(buildBip21(BTC_ADDRESS, '1.50000000')).toBe(`bitcoin:${BTC_ADDRESS}?amount=1.5`);
    expect(buildBip21(BTC_ADDRESS, '20')).toBe(`bitcoin:${BTC_ADDRESS}?amount=20`);
  });

  it('percent-encodes the label', () => {
    expect(buildBip21(BTC_ADDRESS, '0.1', 'Café & Co #1')).toBe(
      `bitcoin:${BTC_ADDRESS}?amount=0.1&label=Caf%C3%A9%20%26%20Co%20%231`,
    );
  });

  it('throws for amounts below one satoshi and for non-addresses', () => {
    expect(() => buildBip21(BTC_ADDRESS, '0.000000001')).toThrow(RangeError);
    expect(() => buildBip21('bc1q?amount=5', '0.1')).toThrow(/Not a Bitcoin address/);
  });
});

describe('buildEip681Native', () => {
  it('writes value in wei as an integer on chain 1', () => {
    expect(buildEip681Native(ETH_ADDRESS, '1.5')).toBe(`ethereum:${ETH_ADDRESS}@1?value=1500000000000000000`);
    expect(buildEip681Native(ETH_ADDRESS, '0.00385625')).toBe(
      `ethereum:${ETH_ADDRESS}@1?value=3856250000000000`,
    );
  });

  it('takes another chain id', () => {
    expect(buildEip681Native(ETH_ADDRESS, '2', 5)).toBe(
      `ethereum:${ETH_ADDRESS}@5?value=2000000000000000000`,
    );
  });

  it('throws for sub-wei amounts and malformed addresses', () => {
    expect(() => buildEip681Native(ETH_ADDRESS, `0.${'0'.repeat(18)}1`)).toThrow(RangeError);
    expect(() => buildEip681Native('0x1234', '1')).toThrow(/not an Ethereum address/);
    expect(() => buildEip681Native(ETH_ADDRESS, '1', 0)).toThrow(RangeError);
  });
});

describe('buildEip681Token', () => {
  it('calls transfer on the token contract with the amount in token units', () => {
    expect(buildEip681Token(USDT_CONTRACT, ETH_ADDRESS, '12.34', 6)).toBe(
      `ethereum:${USDT_CONTRACT}@1/transfer?address=${ETH_ADDRESS}&uint256=12340000`,
    );
  });

  it('throws when the amount is finer than the token decimals', () => {
    expect(() => buildEip681Token(USDT_CONTRACT, ETH_ADDRESS, '12.3400001', 6)).toThrow(RangeError);
  });

  it('knows USDT (ERC-20) and USDC', () => {
    expect(KNOWN_ERC20_TOKENS[USDT]).toMatchObject({ contract: USDT_CONTRACT, decimals: 6, chainId: 1 });
    expect(KNOWN_ERC20_TOKENS[USDC]).toMatchObject({
      contract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
      decimals: 6,
    });
  });
});

describe('walletUriFor', () => {
  const pay = (paymentAssetId: string, paymentAmount: string, destination: string) => ({
    paymentAssetId,
    paymentAmount,
    destination,
  });

  it('chooses BIP-21 for BTC, EIP-681 for ETH and known tokens', () => {
    expect(walletUriFor(pay('c6d0c728-2624-429b-8e0d-d9d19b6592fa', '0.0002', BTC_ADDRESS))).toBe(
      `bitcoin:${BTC_ADDRESS}?amount=0.0002`,
    );
    expect(walletUriFor(pay('43d61dcd-e413-450d-80b8-101d5e903357', '0.5', ETH_ADDRESS))).toBe(
      `ethereum:${ETH_ADDRESS}@1?value=500000000000000000`,
    );
    expect(walletUriFor(pay(USDC, '10', ETH_ADDRESS))).toBe(
      `ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48@1/transfer?address=${ETH_ADDRESS}&uint256=10000000`,
    );
  });

  it('falls back to the bare destination for other assets', () => {
    const tron = 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE';
    expect(walletUriFor(pay('b91e18ff-a9ae-3dc7-8679-e935d9a4b34b', '12.34', tron))).toBe(tron);
  });

  it('falls back to the bare destination rather than round an amount into the URI', () => {
    expect(walletUriFor(pay(USDT, '12.34000001', ETH_ADDRESS))).toBe(ETH_ADDRESS);
  });

  it('throws without a destination', () => {
    expect(() => walletUriFor(pay(USDT, '1', ''))).toThrow(/no on-chain destination/);
  });
});
