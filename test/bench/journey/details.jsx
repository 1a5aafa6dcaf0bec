// The lazily loaded route (its own chunk): the second API call.
import { useEffect, useState } from 'react';

export default function Details() {
  const [details, setDetails] = useState(null);
  useEffect(() => {
    fetch('/api/details.json')
      .then((r) => r.json())
      .then(setDetails);
  }, []);
  if (!details) return <p>Loading details…</p>;
  return (
    <dl id="details-loaded">
      {Object.entries(details).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
