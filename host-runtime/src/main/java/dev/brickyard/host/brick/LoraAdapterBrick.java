package dev.brickyard.host.brick;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.base.graph.LoraAdapter;

/** An adapter brick: its {@code .onnx_adapter} files loaded into ONNX Runtime as one adapter, activated per run. */
public final class LoraAdapterBrick implements InsideBrick {
    private final BrickManifest manifest;
    private final LoraAdapter adapter;

    LoraAdapterBrick(BrickManifest manifest, LoraAdapter adapter) {
        this.manifest = manifest;
        this.adapter = adapter;
    }

    @Override
    public BrickManifest manifest() {
        return manifest;
    }

    /** The loaded adapter, for the base model's runs. */
    public LoraAdapter adapter() {
        return adapter;
    }

    @Override
    public long weightBytes() {
        return adapter.weightBytes();
    }

    @Override
    public void close() {
        adapter.close();
    }
}
