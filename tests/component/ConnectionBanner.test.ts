import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ConnectionBanner from '../../client/components/shell/ConnectionBanner.svelte';

describe('ConnectionBanner', () => {
  it('is silent while connected', () => {
    render(ConnectionBanner, { status: 'online' });
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();
  });

  it('announces a lost connection and that it is being restored', async () => {
    const { rerender } = render(ConnectionBanner, { status: 'online' });
    await rerender({ status: 'offline' });
    expect(screen.getByRole('alert')).toHaveTextContent(/Connection lost\. Reconnecting/);
  });
});
