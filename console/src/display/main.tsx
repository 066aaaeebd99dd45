// The waiting-room display (呼び出し表示): the link's secret (after #) reads only the called and next queue
// numbers of one service, live; no names, no booking numbers. Japanese with English beneath.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../styles.css';

interface Board {
  service: Record<string, string>;
  date: string;
  called: number[];
  next: number[];
}

function Display() {
  const token = location.hash.slice(1);
  const [board, setBoard] = useState<Board | null>(null);
  const [state, setState] = useState<'connecting' | 'live' | 'lost' | 'invalid'>('connecting');
  useEffect(() => {
    if (!token) {
      setState('invalid');
      return undefined;
    }
    const source = new EventSource(`/display-api/stream?token=${encodeURIComponent(token)}`);
    source.addEventListener('state', (event) => {
      setBoard(JSON.parse((event as MessageEvent<string>).data) as Board);
      setState('live');
    });
    source.onerror = () => {
      // A revoked or unknown link is a 404 the stream will not recover from.
      void fetch(`/display-api/board?token=${encodeURIComponent(token)}`).then((r) => {
        if (r.status === 404) {
          source.close();
          setState('invalid');
        } else setState('lost');
      });
    };
    return () => source.close();
  }, [token]);
  if (state === 'invalid')
    return (
      <main class="display-board">
        <h1>表示用リンクが無効です / This display link is not valid</h1>
      </main>
    );
  return (
    <main class="display-board">
      <h1>{board ? `${board.service.ja ?? ''} 呼び出し中の番号` : '呼び出し表示'}</h1>
      <h2>呼び出し中 / Now calling</h2>
      <ul class="called" aria-live="assertive" data-testid="called">
        {(board?.called ?? []).map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <h2>次の番号 / Next</h2>
      <ul class="next" data-testid="next">
        {(board?.next ?? []).map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <p class="state">
        {state === 'live' ? '' : state === 'lost' ? '再接続中… / Reconnecting…' : '接続中… / Connecting…'}
      </p>
    </main>
  );
}

const root = document.getElementById('display');
if (root) render(<Display />, root);
