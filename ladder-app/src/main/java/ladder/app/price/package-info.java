/**
 * The {@code prices} and {@code cost} commands and the user price catalog file ({@link
 * ladder.app.price.CatalogFile}): YAML that extends or overrides the built-in catalog, validated with every problem
 * named by file, line, entry and field.
 */
package ladder.app.price;
