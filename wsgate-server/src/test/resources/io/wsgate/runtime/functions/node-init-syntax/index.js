exports.handler = async (event) => {
  return { unbalanced: event
};
