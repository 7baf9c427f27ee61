/** The one error vocabulary: the table of codes and the error class that carries one. */
export { ERROR_CODES, MASKED_CODE, MASKED_MESSAGE, entryOfExtensionCode, isErrorCode, type ErrorCode, type ErrorCodeEntry } from './errorCodes';
export { ServiceError, commandLineReport, serviceErrorIn, type ErrorDetail, type ServiceErrorOptions } from './serviceError';
