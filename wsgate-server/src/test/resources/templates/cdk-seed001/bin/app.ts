import { App } from 'aws-cdk-lib';
import { ChatStack } from '../lib/chat-stack';

const app = new App();
new ChatStack(app, 'ChatStack');
