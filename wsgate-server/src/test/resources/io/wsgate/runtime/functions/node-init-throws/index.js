throw new TypeError('TABLE_NAME is not set');
