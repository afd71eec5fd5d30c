package io.ricci.nn.module;

import io.ricci.nn.autograd.Variable;

import java.util.List;

/** PyTorch's {@code nn.Sequential}: the modules applied in order, named "0", "1", ... */
public final class Sequential extends Module {
    private final List<Module> modules;

    public Sequential(Module... modules) {
        this.modules = List.of(modules);
        for (int i = 0; i < modules.length; i++) {
            registerModule(Integer.toString(i), modules[i]);
        }
    }

    public Module get(int i) {
        return modules.get(i);
    }

    public int size() {
        return modules.size();
    }

    @Override
    public Variable forward(Variable x) {
        for (Module m : modules) {
            x = m.forward(x);
        }
        return x;
    }
}
