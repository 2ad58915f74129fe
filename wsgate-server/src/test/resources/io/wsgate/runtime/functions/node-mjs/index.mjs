// An ES-module handler importing a package that is not in its own node_modules, only in a
// directory named by NODE_PATH (as the AWS SDK is on Lambda).
import { greet } from 'greeting';

let calls = 0;

export const handler = async (event, context) => {
  calls += 1;
  return { greeting: greet(event.name), calls, awsRequestId: context.awsRequestId };
};
