// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test and lifecycle methods the {@link IsolatedStorage} shared by the retention tests
 * of the run (started on first use, closed when the run ends).
 */
public final class IsolatedStorageExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == IsolatedStorage.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(IsolatedStorageExtension.class))
                .getOrComputeIfAbsent(IsolatedStorage.class, k -> new IsolatedStorage(), IsolatedStorage.class);
    }
}
