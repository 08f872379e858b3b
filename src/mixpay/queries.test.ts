import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { createMixPayClient, type AssetListParams, type RequestOptions } from './client';
import { paymentAssetsQuery, quoteAssetsQuery, settlementAssetsQuery } from './queries';
import { fakeFetch, okEnvelope } from './test-fetch';

const API = 'https://api.mixpay.me/v1';

describe('asset queries', () => {
  const fake = fakeFetch(() => okEnvelope([]));
  const client = createMixPayClient({ apiUrl: API, fetch: fake.fetch });

  it('keys include the API URL and cache for an hour / a week, offline first', () => {
    const params = { payeeId: 'p', quoteAssetId: 'usd', quoteAmount: '10' };
    for (const options of [
      quoteAssetsQuery(client, API),
      settlementAssetsQuery(client, API),
      paymentAssetsQuery(client, API, params),
    ]) {
      expect(options.queryKey).toContain(API);
      expect(options.staleTime).toBe(3_600_000);
      expect(options.gcTime).toBe(7 * 86_400_000);
      expect(options.networkMode).toBe('offlineFirst');
    }
    expect(paymentAssetsQuery(client, API, params).queryKey).toEqual(
      expect.arrayContaining(['p', 'usd', '10']),
    );
    expect(quoteAssetsQuery(client, API).queryKey).not.toEqual(
      quoteAssetsQuery(client, '/sandbox/v1').queryKey,
    );
  });

  it('returns the data and passes the query signal to fetch', async () => {
    const queryClient = new QueryClient();
    const data = await queryClient.fetchQuery(
      paymentAssetsQuery(client, API, { payeeId: 'p', quoteAssetId: 'usd', quoteAmount: '10' }),
    );
    expect(data).toEqual([]);
    const call = fake.calls.at(-1);
    expect(call?.url).toBe(`${API}/setting/payment_assets?payeeId=p&quoteAssetId=usd&quoteAmount=10`);
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
    queryClient.clear();
  });

  it('a first fetch is a plain request; a refresh of a kept list may wait for a quiet moment', async () => {
    const asked: Array<{ path: string; optional: boolean | undefined }> = [];
    const spy = {
      ...client,
      quoteAssets: (params?: { payeeId?: string }, options?: RequestOptions) => {
        asked.push({ path: 'quote', optional: options?.optional });
        return client.quoteAssets(params, options);
      },
      settlementAssets: (params?: AssetListParams, options?: RequestOptions) => {
        asked.push({ path: 'settlement', optional: options?.optional });
        return client.settlementAssets(params, options);
      },
    };
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await queryClient.fetchQuery(quoteAssetsQuery(spy, API));
    await queryClient.fetchQuery({ ...quoteAssetsQuery(spy, API), staleTime: 0 });
    await queryClient.fetchQuery(settlementAssetsQuery(spy, API));
    await queryClient.fetchQuery({ ...settlementAssetsQuery(spy, API), staleTime: 0 });
    expect(asked).toEqual([
      { path: 'quote', optional: false },
      { path: 'quote', optional: true },
      { path: 'settlement', optional: false },
      { path: 'settlement', optional: true },
    ]);
    queryClient.clear();
  });

  it('a first currency list may wait too while the till can do without it, asked as each fetch starts', async () => {
    const asked: Array<boolean | undefined> = [];
    const spy = {
      ...client,
      quoteAssets: (params?: { payeeId?: string }, options?: RequestOptions) => {
        asked.push(options?.optional);
        return client.quoteAssets(params, options);
      },
    };
    let canWait = true;
    const options = quoteAssetsQuery(spy, API, { canWait: () => canWait });
    const first = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await first.fetchQuery(options);
    // The cashier reached for the picker: the same options now ask plainly.
    canWait = false;
    const second = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await second.fetchQuery(options);
    expect(asked).toEqual([true, false]);
    first.clear();
    second.clear();
  });
});
