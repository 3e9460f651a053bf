// The engine version, recorded in journals and saved plans (a test keeps it equal to package.json).
export const VERSION = '0.1.0';
