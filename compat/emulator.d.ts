// cloudwatch-rum-web/emulator: the cloudwatch-rum-web-emulator package (see emulator.js).
export * from 'cloudwatch-rum-web-emulator';
