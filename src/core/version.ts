// The version mam reports and records in wrapped apps. A test keeps it equal to package.json's.
export const MAM_VERSION = '0.1.0';
