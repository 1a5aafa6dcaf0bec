// The journey bench's app (test/bench/journey.js): three routes, one of them lazy, an error
// boundary, a route that throws while rendering and two API calls. `rum` is the RUM client
// (ours or the predecessor, the same calls on both) or null for the app without one.
import { Component, lazy, StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Route, Routes, useLocation } from 'react-router';

const Details = lazy(() => import('./details.jsx'));

function Home() {
  return <p id="home">Welcome.</p>;
}

function Items() {
  const [items, setItems] = useState(null);
  useEffect(() => {
    fetch('/api/items.json')
      .then((r) => r.json())
      .then(setItems);
  }, []);
  if (!items) return <p>Loading items…</p>;
  return (
    <ul id="items-loaded">
      {items.map((item) => (
        <li key={item.id}>{item.name}</li>
      ))}
    </ul>
  );
}

function Broken() {
  throw new Error('Broken route: rendering failed');
}

class Boundary extends Component {
  constructor(props) {
    super(props);
    this.state = { error: null };
  }
  static getDerivedStateFromError(error) {
    return { error };
  }
  componentDidCatch(error) {
    this.props.rum?.recordError(error);
  }
  render() {
    if (this.state.error) return <p id="boundary-caught">Something went wrong.</p>;
    return this.props.children;
  }
}

function Layout({ rum }) {
  const { pathname } = useLocation();
  useEffect(() => {
    rum?.recordPageView(pathname);
  }, [rum, pathname]);
  return (
    <>
      <nav>
        <Link id="nav-home" to="/">
          Home
        </Link>{' '}
        <Link id="nav-items" to="/items">
          Items
        </Link>{' '}
        <Link id="nav-details" to="/details">
          Details
        </Link>{' '}
        <Link id="nav-broken" to="/broken">
          Broken
        </Link>
      </nav>
      <Boundary key={pathname} rum={rum}>
        <Suspense fallback={<p>Loading…</p>}>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/items" element={<Items />} />
            <Route path="/details" element={<Details />} />
            <Route path="/broken" element={<Broken />} />
          </Routes>
        </Suspense>
      </Boundary>
    </>
  );
}

export function startApp(rum) {
  createRoot(document.getElementById('root')).render(
    <StrictMode>
      <BrowserRouter>
        <Layout rum={rum} />
      </BrowserRouter>
    </StrictMode>,
  );
}
