import { nothing } from 'no-such-package';

export const handler = async () => nothing;
