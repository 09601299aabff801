/**
 * Test data shared by the shared-data specs (not a spec itself).
 */

/**
 * One read-only root, inside JupyterLab's root folder, as `shared/roots` lists it.
 */
export const SHARED_ROOT = {
  name: 'shared',
  path: '/home/jovyan/shared',
  writable: false,
  available: true,
  lab_path: 'shared'
};
