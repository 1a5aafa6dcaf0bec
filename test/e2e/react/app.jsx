// A small React app with React Router, as a site would write it: the client from the npm
// module, page views from the router (disableAutoPageView, so the hook's are the only ones), and
// an error boundary around the routes. /basket throws while rendering (BrokenBasket).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Outlet, Route, Routes, useLocation, useParams } from 'react-router';
import { AwsRum } from 'cloudwatch-rum-web';
import { RumErrorBoundary } from 'cloudwatch-rum-web/react';
import { useRumRouterPageViews } from 'cloudwatch-rum-web/react-router';

const { appMonitorId, endpoint, credentials } = window.E2E;
const rum = new AwsRum(appMonitorId, '1.0.0', 'us-west-2', {
  endpoint,
  credentials,
  dispatchInterval: 200,
  allowCookies: true,
  disableAutoPageView: true,
  // The errors telemetry too: a boundary's error is recorded once, by the boundary.
  telemetries: ['errors'],
});
window.rum = rum;

function Layout() {
  useRumRouterPageViews(rum);
  const { pathname } = useLocation();
  return (
    <>
      <nav>
        <Link id="home" to="/">
          Home
        </Link>{' '}
        <Link id="products" to="/products">
          Products
        </Link>{' '}
        <Link id="order" to="/orders/42">
          Order 42
        </Link>{' '}
        <Link id="basket" to="/basket">
          Basket
        </Link>
      </nav>
      <main>
        {/* Keyed by the path: another route renders its page again after an error. */}
        <RumErrorBoundary
          key={pathname}
          rum={rum}
          fallback={(error, reset) => (
            <p id="fallback">
              Something went wrong ({error.name}). <button onClick={reset}>Retry</button>
            </p>
          )}
        >
          <Outlet />
        </RumErrorBoundary>
      </main>
    </>
  );
}

const Home = () => <h1>Home</h1>;
const Products = () => <h1>Products</h1>;
function Order() {
  const { id } = useParams();
  return <h1>Order {id}</h1>;
}
function BrokenBasket({ basket }) {
  // No basket was passed: a TypeError while rendering.
  return <h1>Basket ({basket.items.length})</h1>;
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Home />} />
          <Route path="products" element={<Products />} />
          <Route path="orders/:id" element={<Order />} />
          <Route path="basket" element={<BrokenBasket />} />
        </Route>
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
