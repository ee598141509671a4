export * from './fen';
export * from './yuan';
