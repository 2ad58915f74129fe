/**
 * CloudFormation templates as wsgate reads them: the YAML short forms ({@link TemplateText}) and
 * the intrinsic functions, parameters, conditions and mappings resolved to plain values ({@link
 * Intrinsics}), with what cannot be resolved locally refused at the property it is in.
 */
package io.wsgate.template;
