// The page's own code: errors of every kind an app produces.
window.runErrors = function () {
  setTimeout(function () {
    null.boom(); // uncaught TypeError
  });
  Promise.reject(new RangeError('rejected with an Error'));
  Promise.reject('rejected with a string');
  Promise.reject(undefined);
  try {
    JSON.parse('{');
  } catch (e) {
    cwr('recordError', e);
  }
  cwr('recordError', 'a message string');
};
