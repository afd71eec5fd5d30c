package io.ricci.symbolic;

/** A function {@code R^n → R^m} on plain arrays; must not modify its argument. */
@FunctionalInterface
public interface NumericFunction {
    double[] apply(double[] x);
}
