import { App } from 'aws-cdk-lib';
import { ApiGwSocketStack } from '../lib/api-gw-socket-stack';

const app = new App();
new ApiGwSocketStack(app, 'ApiGwSocketStack');
