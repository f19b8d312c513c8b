import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noElectron = {
  paths: [{ name: 'electron', message: 'Only the Electron shell (electron/main.ts, electron/preload.ts, electron/ipc) may import electron: the core, server and scheduler run headless.' }],
  patterns: [{ group: ['electron/*', 'electron-store'], message: 'Keep Electron out of headless code.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'dist-renderer/', 'dist-server/', 'release/', 'test/artifacts/', 'coverage/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Tests read JSON answers whose shape the assertions check.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'test/**/*.mjs', '*.js', '*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/core/**', 'electron/ipc/dispatch.ts', 'electron/ipc/channels.ts', 'electron/server/**', 'electron/scheduler/**', 'electron/config/**', 'electron/cli/**', 'electron/demo/**', 'electron/contract/**', 'renderer/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    // The contract is the ground floor: the core, server, IPC and renderer build on it, never the other way.
    files: ['electron/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths,
          patterns: [...noElectron.patterns, { group: ['**/core/*', '**/core/**', '**/server/**', '**/ipc/**', '**/renderer/**'], message: 'electron/contract imports nothing from the core, server, IPC or renderer: move the shared name into the contract.' }],
        },
      ],
    },
  },
);
