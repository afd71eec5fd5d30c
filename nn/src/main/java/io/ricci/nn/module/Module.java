package io.ricci.nn.module;

import io.ricci.nn.autograd.Variable;

import io.ricci.tensor.Layout;
import io.ricci.tensor.Npz;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A network part on the {@link Variable} tape, shaped like PyTorch's {@code torch.nn.Module}: it
 * registers parameters (leaf variables that require a gradient) and child modules in order, and
 * names them with dots ({@code "0.weight"}, {@code "encoder.fc.bias"}). The gradients come from the
 * tape's {@code backward()}; there is no hand-written backward here.
 */
public abstract class Module {
    private final Map<String, Variable> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The output for input {@code x}, recorded on the tape. */
    public abstract Variable forward(Variable x);

    /** Registers (and returns) a trainable parameter under {@code name}. */
    protected Variable registerParameter(String name, Variable p) {
        checkName(name);
        if (!p.requiresGrad()) {
            throw new IllegalArgumentException("parameter '" + name + "' does not require a gradient");
        }
        params.put(name, p);
        return p;
    }

    /** Registers (and returns) a child module under {@code name}. */
    protected <M extends Module> M registerModule(String name, M m) {
        checkName(name);
        children.put(name, m);
        return m;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".") || params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("module name '" + name + "' is empty, contains a dot or is already used in "
                    + getClass().getSimpleName());
        }
    }

    /** The direct children, in registration order. */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Every parameter of this module and its descendants, by dotted name, in registration order (own first). */
    public Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Variable> out) {
        params.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collect(prefix + k + ".", out));
    }

    /** The values of {@link #namedParameters()}. */
    public List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Training mode (the default) for this module and its descendants: Dropout drops. */
    public Module train() {
        return train(true);
    }

    public Module train(boolean on) {
        training = on;
        children.values().forEach(c -> c.train(on));
        return this;
    }

    /** Evaluation mode for this module and its descendants: Dropout is the identity. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Forgets every parameter's gradient. */
    public void zeroGrad() {
        params.values().forEach(Variable::zeroGrad);
        children.values().forEach(Module::zeroGrad);
    }

    // ---------------------------------------------------------------- state dict

    /** The parameter values by dotted name (the live tensors, not copies). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    /**
     * Copies {@code state} into the parameters. Everything is checked before anything changes: the
     * names must be exactly this module's and each tensor must have its parameter's shape.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Variable> named = namedParameters();
        TreeSet<String> missing = new TreeSet<>(named.keySet());
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(named.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: " + (missing.isEmpty() ? "" : "missing " + missing)
                    + (!missing.isEmpty() && !unexpected.isEmpty() ? ", " : "")
                    + (unexpected.isEmpty() ? "" : "unexpected " + unexpected) + " (module has " + named.keySet() + ")");
        }
        named.forEach((k, v) -> {
            Tensor t = state.get(k);
            if (!Arrays.equals(t.shape(), v.shape())) {
                throw new IllegalArgumentException("loadStateDict: '" + k + "' has shape " + Layout.format(t.shape())
                        + " but the parameter has " + Layout.format(v.shape()));
            }
        });
        named.forEach((k, v) -> v.value().assign(state.get(k)));
    }

    /** Writes {@link #stateDict()} to an {@code .npz} numpy can read, atomically (temp file + rename). */
    public void save(Path file) throws IOException {
        Npz.savez(file, stateDict());
    }

    /** {@link #loadStateDict} from an {@code .npz}; errors name the file. */
    public void load(Path file) throws IOException {
        Map<String, Tensor> m = Npz.load(file);
        try {
            loadStateDict(m);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        if (children.isEmpty()) {
            return getClass().getSimpleName() + "()";
        }
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("(\n");
        children.forEach((k, m) -> sb.append("  (").append(k).append("): ")
                .append(m.toString().replace("\n", "\n  ")).append('\n'));
        return sb.append(')').toString();
    }
}
