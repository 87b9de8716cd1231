export * from './actions';
export * from './accounts';
export * from './api';
export * from './errors';
export * from './mailboxes';
export * from './messages';
export * from './sync';
export * from './compose';
