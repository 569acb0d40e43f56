package dev.gmp.agent.instrument;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;

/**
 * The JDK's class-file API, set up to rewrite classes of a given loader. java.base uses the API
 * itself (lambdas, proxies), so it is mostly loaded and linked already when the agent starts.
 */
final class ClassFiles {
    private ClassFiles() {}

    /**
     * Stack maps are recomputed for every changed method, which needs the supertypes of the
     * classes the code mentions: read from {@code loader}'s class files (null: the bootstrap
     * loader), else the JDK's.
     */
    static ClassFile forLoader(ClassLoader loader) {
        ClassHierarchyResolver jdk = ClassHierarchyResolver.defaultResolver();
        ClassHierarchyResolver resolver = loader == null ? jdk : ClassHierarchyResolver.ofResourceParsing(loader).orElse(jdk);
        return ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
    }
}
