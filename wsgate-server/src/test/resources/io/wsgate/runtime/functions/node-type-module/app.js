export async function handler(event, context) {
  return { kind: 'type-module', body: event.body, functionName: context.functionName };
}
